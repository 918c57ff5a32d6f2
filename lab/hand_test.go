package lab_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/trace"
)

// A crash or an outage made by a key is a cause like any fault: the finding
// it leads to says so.
func TestKeysAreCauses(t *testing.T) {
	for _, c := range []struct {
		name string
		act  func(r *lab.Run)
		want string
	}{
		{"crash", func(r *lab.Run) {
			r.CrashService()
		}, "the service was crashed by hand at +"},
		{"broker", func(r *lab.Run) {
			r.ToggleBroker()
		}, "the broker was taken down by hand at +"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := mustStart(t, "naive", 1, 1)
			defer r.Close()
			ctx := context.Background()
			for !committed(r.Trace()) {
				if _, err := r.Step(ctx); err != nil {
					t.Fatal(err)
				}
			}
			c.act(r)
			rep := mustFinish(t, r)
			if !markedByHand(rep.Trace) {
				t.Errorf("no crash or broker-down step of the trace is marked by_hand")
			}
			for _, f := range rep.Findings {
				if f.Kind == check.Lost && f.Order == "o-1" && strings.Contains(f.Explanation, c.want) {
					return
				}
			}
			t.Fatalf("findings %+v, want o-1 lost because %q", rep.Findings, c.want)
		})
	}
}

func committed(tr []trace.Event) bool {
	for _, e := range tr {
		if e.Step == "commit" && e.Outcome == "committed" {
			return true
		}
	}
	return false
}

func markedByHand(tr []trace.Event) bool {
	for _, e := range tr {
		if (e.Step == "crash" || e.Step == "broker down") && e.ByHand {
			return true
		}
	}
	return false
}
