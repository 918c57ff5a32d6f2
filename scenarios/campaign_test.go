package scenarios_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// TestOutboxCampaign: across random seeded faults, the outbox never loses or
// ghosts an order, and with deduplication, as in cdc, it never duplicates one.
// 120 seeds a strategy with DUALWRITE_LONG=1, 20 otherwise.
func TestOutboxCampaign(t *testing.T) {
	runs := 20
	if os.Getenv("DUALWRITE_LONG") == "1" {
		runs = 120
	}
	for _, id := range []string{"outbox", "outbox-dedup", "cdc"} {
		s, err := scenarios.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		for seed := int64(1); seed <= int64(runs); seed++ {
			t.Run(fmt.Sprintf("%s/seed=%d", id, seed), func(t *testing.T) {
				t.Parallel()
				fs := scenarios.RandomFaults(rand.New(rand.NewPCG(uint64(seed), 99)), s)
				cfg := scenarios.Spec{Strategy: s, Faults: fs, Seed: seed, Orders: 4, Broker: shared}.Config()
				cfg.AckTimeout, cfg.AckWait = 50*time.Millisecond, 100*time.Millisecond
				r, err := lab.Start(context.Background(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				rep, err := r.Finish(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				a := rep.Anomalies
				bad := a.Lost > 0 || a.Ghost > 0 || !rep.Settled || (id != "outbox" && a.Duplicate > 0)
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
