package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/scenarios"
)

// At 80 columns the typed line read "relay.before-publish=2*delay(…": what
// was typed last, and the cursor, were cut off. In the panes 80 and 100
// columns leave, the picker shows the point's name whole and the end of a
// long typed term, where the cursor is, and cuts nothing.
func TestPickerTypedLineShowsTheCursorEnd(t *testing.T) {
	k := newKeyMap()
	st := newStyles(true, true, false)
	s, err := scenarios.Lookup("outbox")
	if err != nil {
		t.Fatal(err)
	}
	const term = "2*delay(300ms)->1*crash->1*delay(250ms)->1*error"
	for _, w := range []int{32, 40} {
		p := newPicker(s.AllPoints())
		for p.current().Name != "relay.before-publish" {
			p.update(k, tea.KeyPressMsg{Code: tea.KeyDown})
		}
		p.update(k, tea.KeyPressMsg{Code: tea.KeyEnter})
		for p.terms[p.term] != typeOwn {
			p.update(k, tea.KeyPressMsg{Code: tea.KeyDown})
		}
		p.update(k, tea.KeyPressMsg{Code: tea.KeyEnter})
		if !p.typing() {
			t.Fatal("not typing")
		}
		p.view(st, nil, w, 40) // the first view sizes the input, as a program's does
		for _, r := range term {
			p.feed(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		plain := ansi.Strip(strings.Join(p.view(st, nil, w, 40), "\n"))
		if strings.Contains(strings.ReplaceAll(plain, typeOwn, ""), "…") {
			t.Errorf("%d cells: cut:\n%s", w, plain)
		}
		for _, want := range []string{"relay.before-publish=", "1*error", "goes back:"} {
			if !strings.Contains(plain, want) {
				t.Errorf("%d cells: %q is not on screen:\n%s", w, want, plain)
			}
		}
	}
}
