package scenarios_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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
	rep := mustFinish(t, sp.Config())
	if !rep.Settled && !c.Expect.Want.Blocked {
		t.Errorf("recovery did not settle")
	}
	return rep
}

// mustFinish makes the run of cfg to its verdict.
func mustFinish(t testing.TB, cfg lab.Config) *lab.Report {
	t.Helper()
	r, err := lab.Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rep, err := r.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
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

// TestNothingLeftToLift: once no fault can strike any more and shipping has
// refused a poison event that has no bound on its deliveries, the world can
// never settle, so recovery watches it for SettleTimeout and judges it,
// instead of first waiting out FaultGrace for faults that are no longer
// armed. A fault still armed, the broker down, or a bound on deliveries
// keeps the wait; a run without a poison event is never called blocked.
func TestNothingLeftToLift(t *testing.T) {
	s, _ := scenarios.Lookup("outbox")
	poison := "consumer.before-apply=1*poison"
	at := func(rep *lab.Report, step string) time.Duration {
		for _, ev := range rep.Trace {
			if ev.Step == step {
				return ev.At
			}
		}
		t.Fatalf("no %q in the trace", step)
		return 0
	}
	const settle, grace = 2 * time.Minute, 10 * time.Minute

	blocked := mustRunCell(t, scenarios.Cell{Strategy: s, Expect: scenarios.Expectation{Faults: []string{poison}, Want: scenarios.Outcome{Blocked: true}}})
	if end := at(blocked, "timeout") - at(blocked, "recover"); end > settle+time.Second {
		t.Errorf("judged %s into recovery, want within the settle bound %s", end, settle)
	}
	if b := blocked.Blocked; b == nil || b.Deliveries < 3 {
		t.Errorf("blocked = %+v, want the poison refused again and again", b)
	}

	armed := mustRunCell(t, scenarios.Cell{Strategy: s, Expect: scenarios.Expectation{Faults: []string{poison, "after-commit=9*delay(1ms)"}, Want: scenarios.Outcome{Blocked: true}}})
	if lift := at(armed, "lift") - at(armed, "recover"); lift < grace {
		t.Errorf("a fault still armed: lifted %s into recovery, want after the grace %s", lift, grace)
	}

	// The poison is refused at once; the third publish then stops the
	// broker for five minutes, into recovery.
	down := mustRunCell(t, scenarios.Cell{Strategy: s, Expect: scenarios.Expectation{Faults: []string{poison, "relay.publish=2*delay(1ms)->1*broker-down(5m)"}, Want: scenarios.Outcome{Blocked: true}}})
	if end := at(down, "timeout") - at(down, "broker up"); end < settle {
		t.Errorf("broker down in recovery: judged %s after it came back, want the whole settle bound %s after", end, settle)
	}

	// Twenty deliveries with their doubling backoff take longer than the
	// settle bound: with a bound on deliveries the world settles, later.
	parked := mustRunCell(t, scenarios.Cell{Strategy: s, Expect: scenarios.Expectation{Faults: []string{poison}, MaxDeliver: lab.MaxDeliverLimit}})
	if len(parked.Parked) != 1 || parked.Parked[0].Deliveries != lab.MaxDeliverLimit || !parked.Settled {
		t.Errorf("MaxDeliver %d: parked %+v, settled %t; want o-1 parked after %d deliveries", lab.MaxDeliverLimit, parked.Parked, parked.Settled, lab.MaxDeliverLimit)
	}
	if d := at(parked, "park") - at(parked, "recover"); d < settle {
		t.Errorf("parked %s into recovery; the case needs more than the settle bound %s to mean anything", d, settle)
	}

	// No poison, no fault, and a settle bound shorter than the drain: the
	// lab waits for the world to settle, and never speaks of a poison.
	sp := scenarios.Spec{Strategy: s, Seed: 1, Orders: 3}
	cfg := sp.Config()
	cfg.SettleTimeout = time.Microsecond
	plain := mustFinish(t, cfg)
	if !plain.Settled {
		t.Errorf("no fault, no poison: not settled")
	}
	for _, ev := range plain.Trace {
		if strings.Contains(ev.Detail, "poison") {
			t.Errorf("no poison, yet the trace says %q", ev.Detail)
		}
	}
}

// TestTheRelayForgetsSentRowsOnTheTrace: a blocked run lasts long enough on
// the lab's clock for the relay to delete the rows it sent a retention ago,
// and the trace says so with how many, so they do not vanish unexplained.
func TestTheRelayForgetsSentRowsOnTheTrace(t *testing.T) {
	s, _ := scenarios.Lookup("outbox")
	rep := mustRunCell(t, scenarios.Cell{Strategy: s, Expect: scenarios.Expectation{Faults: []string{"consumer.before-apply=1*poison"}, Want: scenarios.Outcome{Blocked: true}}})
	var marked, forgot time.Duration
	n := 0
	for _, ev := range rep.Trace {
		switch ev.Step {
		case "mark sent":
			marked = ev.At
		case "forget sent":
			forgot, n = ev.At, n+ev.Count
		}
	}
	if n != 3 || forgot-marked < time.Minute {
		t.Errorf("forgot %d rows %s after the last was marked sent; want the 3 rows, at least the retention (1m) after", n, forgot-marked)
	}
}
