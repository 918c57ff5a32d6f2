package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/scenarios"
)

// At 80 columns the picker read "armed: relay.after-publish=1*cr…" and
// "1*crash   starts t…". For every strategy, every point and the terms
// offered at each, in the panes 80 and 100 columns leave, the picker cuts
// nothing, and each armed term and each term's help is on screen whole.
func TestPickerCutsNothing(t *testing.T) {
	k := newKeyMap()
	st := newStyles(true, true, false)
	for _, s := range scenarios.All() {
		armed := []string{"connector.after-publish=1*crash", "relay.after-publish=1*crash", "commit=1*error"}
		p := newPicker(s.AllPoints())
		for i := 0; i <= len(p.points); i++ {
			for _, w := range []int{31, 33, 40} {
				check := func(what string, want ...string) {
					lines := p.view(st, armed, w, 60)
					var plain []string
					for _, l := range lines {
						plain = append(plain, strings.TrimSpace(ansi.Strip(l)))
					}
					all := strings.Join(plain, " ")
					if strings.Contains(strings.ReplaceAll(all, typeOwn, ""), "…") {
						t.Errorf("%s, %s, %d cells: cut:\n%s", s.ID, what, w, strings.Join(plain, "\n"))
					}
					for _, x := range want {
						if !strings.Contains(all, x) {
							t.Errorf("%s, %s, %d cells: %q is not whole:\n%s", s.ID, what, w, x, strings.Join(plain, "\n"))
						}
					}
				}
				check("the points", armed...)
				p.update(k, tea.KeyPressMsg{Code: tea.KeyEnter})
				for range p.terms {
					check("the term "+p.terms[p.term]+" of "+p.current().Name, p.help(p.terms[p.term], p.current()))
					p.update(k, tea.KeyPressMsg{Code: tea.KeyDown})
				}
				p.update(k, tea.KeyPressMsg{Code: tea.KeyEscape})
			}
			p.update(k, tea.KeyPressMsg{Code: tea.KeyDown})
		}
	}
}

// "1*crash" was told "starts the run afresh with it", the words for a
// switch's number, because its first character is a digit.
func TestTermHelpSaysWhatATermDoes(t *testing.T) {
	for term, want := range map[string]string{
		"1*crash": "next time only", "1*delay(300ms)": "next time only", "2*error": "the next 2 times", "error": "every time",
		"4": "starts the run afresh with it", "0": "the default: starts the run afresh",
		"1*broker-down": "broker away till recovery", "25%ack-lost": "with this probability",
	} {
		if got := termHelp(term); got != want {
			t.Errorf("termHelp(%q) = %q, want %q", term, got, want)
		}
	}
}
