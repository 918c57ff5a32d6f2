package scenarios_test

import (
	"context"
	"os"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// A chaos campaign over outbox-cdc and over outbox with an inbox consumer
// shows no lost, ghost or duplicate order: 50 runs each here, 1,000 each
// with DUALWRITE_LONG=1 (the bar; about 4 minutes on 2 cores).
func TestChaosOutboxCDCAndOutboxWithAnInboxLoseNothing(t *testing.T) {
	runs := 50
	if os.Getenv("DUALWRITE_LONG") == "1" {
		runs = 1000
	}
	c := &scenarios.Chaos{Strategies: []scenarios.Strategy{lookup(t, "outbox-cdc"), lookup(t, "outbox")},
		Runs: runs, Seed: 1, Orders: 4, Workload: "mixed", Consumer: lab.Inbox}
	results, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Done != runs || r.Failed > 0 {
			t.Errorf("%s: %d of %d runs done, %d failed: %s", r.Strategy, r.Done, runs, r.Failed, r.FirstError)
		}
		if a := r.Anomalies; a.Lost+a.Ghost+a.Duplicate > 0 {
			t.Errorf("%s: %+v over %d runs; want no lost, ghost or duplicate (first: %+v)", r.Strategy, a, runs, r.First)
		}
	}
}
