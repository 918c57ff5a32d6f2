package scenarios_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// mustRunCell makes the run of a catalog cell, switches included, as
// `dualwrite run` makes it.
func mustRunCell(t testing.TB, c scenarios.Cell) *lab.Report {
	t.Helper()
	sp, err := c.Spec()
	if err != nil {
		t.Fatal(err)
	}
	r, err := lab.Start(context.Background(), sp.Config())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rep, err := r.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Settled && !c.Expect.Want.Blocked {
		t.Errorf("recovery did not settle")
	}
	return rep
}

// TestPoisonBothSides checks what a poison event holds up, from the stores:
// without a bound the stream is blocked and the orders behind it wait; with
// MaxDeliver the event is parked, the rest is applied, and nothing is lost.
func TestPoisonBothSides(t *testing.T) {
	s, _ := scenarios.Lookup("outbox")
	blocked := mustRunCell(t, scenarios.Cell{Strategy: s, Expect: scenarios.Expectation{Faults: []string{"consumer.before-apply=1*poison"}, Want: scenarios.Outcome{Blocked: true}}})
	b := blocked.Blocked
	if b == nil || b.Order != "o-1" || strings.Join(b.Waiting, ",") != "o-2,o-3" || b.Deliveries < 3 || b.WaitedMs <= 0 {
		t.Fatalf("blocked = %+v, want o-1 refused again and again with o-2, o-3 waiting behind it", b)
	}
	if blocked.Consistent || blocked.Anomalies.Lost != 0 || blocked.Settled {
		t.Errorf("blocked run: consistent %t, lost %d, settled %t; want not consistent, nothing called lost, not settled",
			blocked.Consistent, blocked.Anomalies.Lost, blocked.Settled)
	}

	parked := mustRunCell(t, scenarios.Cell{Strategy: s, Expect: scenarios.Expectation{Faults: []string{"consumer.before-apply=1*poison"}, MaxDeliver: 3}})
	if len(parked.Parked) != 1 || parked.Parked[0].Order != "o-1" || parked.Parked[0].Deliveries != 3 {
		t.Fatalf("parked = %+v, want o-1 after 3 deliveries", parked.Parked)
	}
	if parked.Blocked != nil || parked.Anomalies.Lost != 0 || parked.Consistent || !parked.Settled {
		t.Errorf("parked run: blocked %v, lost %d, consistent %t, settled %t", parked.Blocked, parked.Anomalies.Lost, parked.Consistent, parked.Settled)
	}
	var advisory, park bool
	for _, ev := range parked.Trace {
		advisory = advisory || ev.Step == "advisory" && strings.Contains(ev.Detail, "MAX_DELIVERIES")
		park = park || ev.Step == "park" && ev.Order == "o-1"
	}
	if !advisory || !park {
		t.Errorf("trace: advisory %t, park %t; want JetStream's advisory, then the park", advisory, park)
	}
	if parked.Lag.Samples != 2 {
		t.Errorf("lag samples %d, want 2: o-2 and o-3 flowed past the parked event", parked.Lag.Samples)
	}
}

// TestPoisonIsSeeded: the same seed gives the same deliveries and backoffs.
func TestPoisonIsSeeded(t *testing.T) {
	s, _ := scenarios.Lookup("naive")
	c := scenarios.Cell{Strategy: s, Expect: scenarios.Expectation{Faults: []string{"consumer.before-apply=50%poison"}, MaxDeliver: 2}}
	steps := func() string {
		var b strings.Builder
		for _, ev := range mustRunCell(t, c).Trace {
			fmt.Fprintf(&b, "%s %s %s %v\n", ev.Step, ev.Order, ev.Outcome, ev.At)
		}
		return b.String()
	}
	if a, b := steps(), steps(); a != b {
		t.Errorf("two runs of one seed differ:\n%s\n---\n%s", a, b)
	}
}
