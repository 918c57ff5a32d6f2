package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/scenarios"
)

// At 80 columns the header's plan read "SQLite: B…" and "keep it open
// (pr…". For every strategy, at every step of its first order, at 80 and
// 120 columns, the header cuts nothing and names the current step whole.
func TestHeaderPlanNeverCutsAStep(t *testing.T) {
	for _, s := range scenarios.All() {
		t.Run(s.ID, func(t *testing.T) {
			h := newHarness(t, Options{Run: startRun(t, s.ID, 1), Base: baseConfig()}, 80, 24)
			h.idle()
			st := newStyles(true, true, false)
			for n := 0; n < 14 && !h.run().fr.finished; n++ {
				h.step(1)
				r := h.run()
				_, stage := planStage(r.strat.Steps, r.fr.events)
				for _, w := range []int{80, 120} {
					lines := r.header(st, w)
					plain := make([]string, len(lines))
					for i, l := range lines {
						plain[i] = ansi.Strip(l)
						if width(l) > w {
							t.Errorf("step %d, %d columns: header line %q is %d cells", n+1, w, plain[i], width(l))
						}
					}
					all := strings.Join(plain, " ")
					if strings.Contains(all, "…") {
						t.Errorf("step %d, %d columns: the header cuts:\n%s", n+1, w, strings.Join(plain, "\n"))
					}
					if stage >= 0 {
						if want := "[" + r.strat.Steps[stage] + "]"; !strings.Contains(all, want) {
							t.Errorf("step %d, %d columns: the header does not name the current step %q whole:\n%s", n+1, w, want, strings.Join(plain, "\n"))
						}
					}
				}
			}
		})
	}
}

// 2pc's one step "SQLite: BEGIN, INSERT the order, keep it open" holds the
// begin and the write; the write is not the "delete the staged copy" at the
// plan's end.
func TestPlanStageKeepsAStepThatHoldsTwoActions(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "2pc", 1), Base: baseConfig()}, 80, 24)
	h.idle()
	r := h.run()
	var got []string
	for n := 0; n < 10; n++ {
		h.step(1)
		_, stage := planStage(r.strat.Steps, r.fr.events)
		last := r.fr.events[len(r.fr.events)-1]
		got = append(got, fmt.Sprintf("%s→%d", last.Step, stage))
		if last.Step == "write" && stage != 1 {
			t.Errorf("the write is at plan step %d, not 1 (%q)", stage, r.strat.Steps[1])
		}
		if last.Step == "stage" && stage != 2 {
			t.Errorf("the stage is at plan step %d, not 2", stage)
		}
		if last.Step == "decide" && stage != 3 {
			t.Errorf("the decision is at plan step %d, not 3", stage)
		}
	}
	t.Log(got)
}
