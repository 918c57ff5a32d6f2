package scenarios_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

// TestRaceReproduces: the race is driven by the stepper's script, not by luck
// of scheduling, so every seed shows the same interleaving and the same
// outcome: orders holds B's write, shipping A's.
func TestRaceReproduces(t *testing.T) {
	s, err := scenarios.Lookup("race")
	if err != nil {
		t.Fatal(err)
	}
	for seed := int64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			rep := mustRun(t, s, nil, false, seed)
			if msg := scenarios.Mismatch(scenarios.Outcome{Reordered: 1}, rep); msg != "" {
				t.Fatalf("%s\n%s", msg, describe(rep))
			}
			var steps []string
			for _, e := range rep.Trace {
				if (e.Actor == "service-a" || e.Actor == "service-b") && (e.Step == "commit" || e.Step == "publish") {
					steps = append(steps, e.Actor+":"+e.Step)
				}
			}
			want := "service-a:commit service-b:commit service-b:publish service-a:publish"
			if got := strings.Join(steps, " "); got != want {
				t.Errorf("interleaving %q, want %q\n%s", got, want, describe(rep))
			}
			f := rep.Findings[0]
			if f.Order != "o-1" || !strings.Contains(f.Explanation, "standard in orders") || !strings.Contains(f.Explanation, "express in shipping") {
				t.Errorf("finding %q does not say that B's write won in orders and A's in shipping", f.Explanation)
			}
		})
	}
}
