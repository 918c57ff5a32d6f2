package tui

import (
	"strings"
	"testing"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/scenarios"
)

// On a wide screen the diagram's detail column read "INSERT INTO shipments
// o-1 (p…" and "deliver seq 1: OrderPlaced o…". Every detail it shows, for
// every strategy run to its end, at 160 and 200 columns, is whole, or a
// shortening of an event's detail that ends on a whole word.
func TestDiagramDetailsEndOnAWholeWord(t *testing.T) {
	for _, s := range scenarios.All() {
		t.Run(s.ID, func(t *testing.T) {
			h := newHarness(t, Options{Run: startRun(t, s.ID, 1), Base: baseConfig()}, 160, 40)
			h.idle()
			h.press("r")
			h.idle()
			var details []string
			for _, e := range h.run().fr.events {
				details = append(details, e.Detail)
			}
			shown := 0
			for _, w := range []int{160, 200} {
				h.send(tea.WindowSizeMsg{Width: w, Height: 40})
				d, diagW, _ := h.run().layout(h.m.st, w)
				if d.detailX >= diagW {
					t.Fatalf("%d columns: no detail column", w)
				}
				for _, l := range strings.Split(h.screen(), "\n") {
					r := []rune(l)
					if len(r) <= diagW || r[diagW] != '│' || strings.Contains(l, "┄┄") {
						continue
					}
					seg := strings.TrimSpace(string(r[d.detailX:diagW]))
					if seg == "" {
						continue
					}
					shown++
					if !detailShownRight(seg, details) {
						t.Errorf("%d columns: the detail %q is neither an event's detail nor one shortened on a whole word", w, seg)
					}
				}
			}
			if shown == 0 {
				t.Errorf("no detail shown:\n%s", h.screen())
			}
		})
	}
}

func detailShownRight(seg string, details []string) bool {
	p, short := strings.CutSuffix(seg, "…")
	for _, d := range details {
		if !short && d == seg {
			return true
		}
		if short && len(d) > len(p) && strings.HasPrefix(d, p) {
			next := []rune(d[len(p):])[0]
			if !unicode.IsLetter(next) && !unicode.IsDigit(next) && !strings.ContainsRune("-_.'’", next) {
				return true
			}
		}
	}
	return false
}
