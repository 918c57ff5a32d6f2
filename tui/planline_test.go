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
					// "› …" marks steps left out at the end, no word cut.
					if strings.Contains(strings.ReplaceAll(all, " › …", ""), "…") {
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

// "plan, 7 steps: BEGIN › INSERT the order" read as if the plan stopped
// there: steps left out at the end are marked "› …", and a plan shown to
// its last step is not.
func TestPlanMarksStepsLeftOut(t *testing.T) {
	st := newStyles(true, true, false)
	steps := []string{"BEGIN", "INSERT the order", "INSERT the event into the outbox", "COMMIT", "relay: read pending rows"}
	for _, c := range []struct {
		stage, room int
		end         string
	}{
		{-1, 50, "INSERT the order › …"},
		{0, 60, "› …"},
		{3, 60, "relay: read pending rows"},
		{0, 42, "[BEGIN] › INSERT the order"}, // the next step is worth more than the mark
		{-1, 200, "relay: read pending rows"},
	} {
		line, ok := planText(st, "o-1", steps, c.stage, c.room)
		plain := ansi.Strip(line)
		if !ok || !strings.HasSuffix(plain, c.end) || width(plain) > c.room {
			t.Errorf("stage %d in %d cells: %q, want it to end %q", c.stage, c.room, plain, c.end)
		}
	}
}
