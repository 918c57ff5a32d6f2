package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/scenarios"
)

// At 120 columns the home list read "publish inside the open transaction,
// commi…". At every size with titles in the list, each title is whole,
// wrapped under its id, or on one line that ends on a whole word; at 120x35
// the titles of the five strategies a workshop starts with are whole.
func TestHomeTitlesAreWholeOrEndOnAWord(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 120, 35)
	for _, size := range [][2]int{{120, 35}, {110, 30}, {160, 45}, {130, 24}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		titles := homeTitles(h.screen())
		whole := 0
		for _, s := range scenarios.All() {
			got, ok := titles[s.ID]
			if !ok {
				t.Errorf("%dx%d: no title for %s:\n%s", size[0], size[1], s.ID, h.screen())
				continue
			}
			if got == s.Title {
				whole++
				continue
			}
			if !detailShownRight(got, []string{s.Title}) {
				t.Errorf("%dx%d: %s's title reads %q", size[0], size[1], s.ID, got)
			}
		}
		if size == [2]int{120, 35} {
			for _, id := range []string{"naive", "publish-first", "publish-in-tx", "outbox", "outbox-dedup"} {
				if s, _ := scenarios.Lookup(id); titles[id] != s.Title {
					t.Errorf("120x35: %s's title reads %q, not whole", id, titles[id])
				}
			}
			if whole < 8 {
				t.Errorf("120x35: only %d titles whole", whole)
			}
		}
	}
}

// homeTitles reads each strategy's title off the home list: on the id's
// line after it, or on the lines under it.
func homeTitles(screen string) map[string]string {
	ids := map[string]bool{}
	for _, s := range scenarios.All() {
		ids[s.ID] = true
	}
	out := map[string]string{}
	cur := ""
	for _, l := range strings.Split(screen, "\n") {
		left, _, ok := strings.Cut(l, "│")
		if !ok {
			continue
		}
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(left), "▸ "))
		switch {
		case len(f) > 0 && ids[f[0]] && !strings.HasPrefix(left, "    "):
			cur = f[0]
			if len(f) > 1 {
				out[cur] = strings.Join(f[1:], " ")
			}
		case cur != "" && strings.HasPrefix(left, "    ") && strings.TrimSpace(left) != "":
			out[cur] = strings.TrimSpace(out[cur] + " " + strings.TrimSpace(left))
		case strings.TrimSpace(left) == "":
			cur = ""
		}
	}
	return out
}
