package tui

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/trace"
)

// race's plan is o-1's: placed, then A and B each update it. At o-2's
// commit the header read "o-2 step 2/5: [A: BEGIN, UPDATE o-1 to express,
// COMMIT]": a step of another instance, on another order. Each row of the
// run, at 80 and 120 columns, is named by the plan step of its own lane, or
// by none.
func TestRacePlanNamesEachLanesOwnStep(t *testing.T) {
	for _, w := range []int{80, 120} {
		h := newHarness(t, Options{Run: startRun(t, "race", 1), Base: baseConfig()}, w, 35)
		h.idle()
		steps := h.run().strat.Steps
		want := map[string]string{
			"service o-1":     "[" + steps[0] + "]",
			"service-a begin": "[" + steps[1] + "]", "service-a write": "[" + steps[1] + "]", "service-a commit": "[" + steps[1] + "]",
			"service-b begin": "[" + steps[2] + "]", "service-b write": "[" + steps[2] + "]", "service-b commit": "[" + steps[2] + "]",
			"service-b publish": "[" + steps[3] + "]", "service-a publish": "[" + steps[4] + "]",
		}
		seen := 0
		for n := 0; n < 80 && !h.run().fr.finished; n++ {
			h.step(1)
			evs := h.run().fr.events
			e := evs[len(evs)-1]
			if e.Actor == trace.Lab || e.Actor == trace.NATS || e.Actor == trace.Consumer || e.Step == "reply" || e.Step == "request" {
				continue
			}
			head := strings.Join(strings.Split(h.screen(), "\n")[:4], "\n")
			key := e.Actor + " " + e.Step
			if e.Actor == trace.Service {
				key = e.Actor + " " + e.Order
			}
			if step, ok := want[key]; ok {
				seen++
				if !strings.Contains(head, step) {
					t.Errorf("%d columns, %s %s of %s: the header does not name %s:\n%s", w, e.Actor, e.Step, e.Order, step, head)
				}
				continue
			}
			// o-2 and o-3 are placed by the one service: no step of the plan.
			if strings.Contains(head, "[") || strings.Contains(head, e.Order+" step") || strings.Contains(head, e.Order+",") {
				t.Errorf("%d columns, %s %s of %s: the header names a step of the plan, which is o-1's:\n%s", w, e.Actor, e.Step, e.Order, head)
			}
		}
		if seen < 9 {
			t.Errorf("%d columns: only %d of the plan's rows were seen", w, seen)
		}
	}
}
