package scenarios_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// randomFaults draws one or two faults over the strategy's points, with terms
// of every shape the grammar has.
func randomFaults(rng *rand.Rand, s scenarios.Strategy) []faults.Fault {
	points := s.AllPoints()
	var out []faults.Fault
	for range 1 + rng.IntN(2) {
		p := points[rng.IntN(len(points))]
		acts := p.Kind.Actions()
		t := faults.Term{Action: acts[rng.IntN(len(acts))]}
		switch t.Action {
		case faults.Delay:
			t.Arg = time.Duration(1+rng.IntN(20)) * time.Millisecond
		case faults.BrokerDown:
			t.Arg = time.Duration(20+rng.IntN(130)) * time.Millisecond
		}
		switch rng.IntN(10) {
		case 0:
		case 1, 2, 3, 4, 5:
			t.Count = 1 + rng.IntN(3)
		default:
			t.Percent = float64(10 + 10*rng.IntN(5))
		}
		out = append(out, faults.Fault{Point: p.Name, Chain: faults.Chain{t}})
	}
	return out
}

// TestOutboxCampaign: across random seeded faults, the outbox never loses or
// ghosts an order, and with deduplication it never duplicates one either.
func TestOutboxCampaign(t *testing.T) {
	runs := 120
	if testing.Short() {
		runs = 20
	}
	for _, id := range []string{"outbox", "outbox-dedup"} {
		s, err := scenarios.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		for seed := int64(1); seed <= int64(runs); seed++ {
			t.Run(fmt.Sprintf("%s/seed=%d", id, seed), func(t *testing.T) {
				t.Parallel()
				fs := randomFaults(rand.New(rand.NewPCG(uint64(seed), 99)), s)
				r, err := lab.Start(context.Background(), lab.Config{Name: id, Strategy: s.New(), Points: s.AllPoints(),
					Faults: fs, Seed: seed, Orders: 4, AckTimeout: 50 * time.Millisecond, AckWait: 100 * time.Millisecond})
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				rep, err := r.Finish(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				a := rep.Anomalies
				bad := a.Lost > 0 || a.Ghost > 0 || !rep.Settled || (id == "outbox-dedup" && a.Duplicate > 0)
				if bad {
					t.Errorf("seed %d faults %v: %+v settled %v\n%s", seed, rep.Faults, a, rep.Settled, describe(rep))
				}
			})
		}
	}
}

// TestRelayWakesOnCommit: with a poll interval far longer than the run, every
// order still reaches shipping promptly, because a commit wakes the relay.
func TestRelayWakesOnCommit(t *testing.T) {
	s, _ := scenarios.Lookup("outbox")
	r, err := lab.Start(context.Background(), lab.Config{Name: "outbox", Strategy: s.New(), Points: s.AllPoints(),
		Orders: 5, RelayPoll: time.Hour, SettleTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rep, err := r.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Consistent || !rep.Settled {
		t.Fatalf("want every order shipped: %+v settled %v", rep.Anomalies, rep.Settled)
	}
	// Woken by each commit, the relay has o-N shipped before o-N+1 is even
	// requested; waiting for its poll, nothing would ship before recovery.
	shipped := map[string]bool{}
	for _, e := range rep.Trace {
		switch {
		case e.Actor == "consumer" && e.Step == "apply":
			shipped[e.Order] = true
		case e.Step == "request" && e.Order != "o-1":
			var n int
			fmt.Sscanf(e.Order, "o-%d", &n)
			if prev := fmt.Sprintf("o-%d", n-1); !shipped[prev] {
				t.Errorf("%s requested before %s was shipped: the relay was not woken by the commit", e.Order, prev)
			}
		}
	}
}
