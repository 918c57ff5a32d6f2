package scenarios_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// TestExpectations runs every strategy against every fault of its catalog
// entry, for real, and checks the verdict against the expected outcome.
func TestExpectations(t *testing.T) {
	for _, s := range scenarios.All() {
		for _, e := range s.Expect {
			name := s.ID + "/" + strings.Join(e.Faults, "+")
			if len(e.Faults) == 0 {
				name = s.ID + "/no-fault"
			}
			if e.Consumer != "" {
				name += "/consumer-" + string(e.Consumer)
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				rep := mustRunCell(t, scenarios.Cell{Strategy: s, Expect: e})
				if msg := scenarios.Mismatch(e.Want, rep); msg != "" {
					t.Errorf("%s\n%s", msg, describe(rep))
				}
				if msg := scenarios.Unstruck(rep); msg != "" {
					t.Errorf("%s\n%s", msg, describe(rep))
				}
			})
		}
	}
}

func mustRun(t testing.TB, s scenarios.Strategy, specs []string, lifecycle bool, seed int64) *lab.Report {
	t.Helper()
	return mustRunAs(t, s, specs, lifecycle, seed, "")
}

// mustRunAs is mustRun with shipping's guarantee; "" is the strategy's preset.
func mustRunAs(t testing.TB, s scenarios.Strategy, specs []string, lifecycle bool, seed int64, consumer lab.Guarantee) *lab.Report {
	t.Helper()
	fs, err := s.ParseFaults(specs)
	if err != nil {
		t.Fatal(err)
	}
	sp := scenarios.Spec{Strategy: s, Faults: fs, Seed: seed, Lifecycle: lifecycle, Consumer: consumer, Broker: shared}
	r, err := lab.Start(context.Background(), sp.Config())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rep, err := r.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Settled {
		t.Errorf("recovery did not settle")
	}
	return rep
}

func describe(rep *lab.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "anomalies %+v ambiguous %v dedup %d\n", rep.Anomalies, rep.Ambiguous, rep.Deduplicated)
	for _, f := range rep.Findings {
		fmt.Fprintf(&b, "  %s %s\n", f.Kind, f.Explanation)
	}
	for _, e := range rep.Trace {
		fmt.Fprintf(&b, "  %8.2f %-18s %-10s %s %s\n", e.AtMs, e.Actor+"→"+e.Target, e.Step, e.Detail, e.Fault)
	}
	return b.String()
}
