package scratch

import (
	"context"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

func TestRepro(t *testing.T) {
	bad := 0
	for i := 0; i < 400; i++ {
		s, _ := scenarios.Lookup("outbox-dedup")
		fs, _ := s.ParseFaults([]string{"relay.after-publish=1*crash"})
		r, err := lab.Start(context.Background(), lab.Config{Name: s.ID, Strategy: s.New(), Points: s.AllPoints(), Faults: fs, Seed: 1, Orders: 3})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		// no snapshot
		for j := 0; j < 7; j++ {
			time.Sleep(time.Duration(i%5) * 10 * time.Millisecond)
			r.Step(ctx)
			// no snapshot
		}
		n := 7
		for !r.Finished() {
			r.Step(ctx)
			n++
			// no snapshot
		}
		rep := r.Report()
		if !rep.Consistent {
			bad++
			t.Logf("run %d (sleep %d): steps %d, %+v", i, i%5*10, n, rep.Anomalies)
			snap, _ := r.Snapshot(ctx)
			t.Logf("consumer %+v stream last %d", snap.Consumer, snap.Stream.Last)
			for _, e := range rep.Trace {
				t.Logf("%8.1f %-10s %-10s %-12s %-4s %s %s", e.AtMs, e.Actor, e.Target, e.Step, e.Order, e.Detail, e.Fault)
			}
		}
		r.Close()
	}
	t.Logf("%d inconsistent", bad)
}
