package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/scenarios"
)

// At 80 columns the source pane read `if err := tx.Commit(ctx, "comm…`: the
// fault point's name cut. For every strategy, at every step of its first
// order, in panes 33 to 46 cells wide, no code line is cut and the marked
// line is on show.
func TestSourceLinesWrapNotCut(t *testing.T) {
	st := newStyles(true, true, false)
	for _, s := range scenarios.All() {
		t.Run(s.ID, func(t *testing.T) {
			h := newHarness(t, Options{Run: startRun(t, s.ID, 1), Base: baseConfig()}, 80, 24)
			h.idle()
			for n := 0; n < 10 && !h.run().fr.finished; n++ {
				h.step(1)
				r := h.run()
				_, line, _ := r.src.locate(r.fr.events, r.newFrom)
				for _, w := range []int{33, 39, 46} {
					lines := r.src.render(st, r.fr.events, r.newFrom, w, 19)
					text := ansi.Strip(strings.Join(lines, "\n"))
					if strings.Contains(text, "…") {
						t.Errorf("step %d, %d cells: a line is cut:\n%s", n+1, w, text)
					}
					if line >= 0 && !strings.Contains(text, "▸") {
						t.Errorf("step %d, %d cells: the marked line %d is not on show:\n%s", n+1, w, line+1, text)
					}
				}
			}
		})
	}
}
