package lab_test

import (
	"context"
	"slices"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

func callerRun(t *testing.T, id string, retry int, key bool, specs ...string) *lab.Report {
	t.Helper()
	s, _ := scenarios.Lookup(id)
	fs, err := s.ParseFaults(specs)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := scenarios.Run(context.Background(), scenarios.Spec{Strategy: s, Faults: fs, Seed: 1, Retry: retry, IdempotencyKey: key}.Config())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// A retry waits its backoff on the lab's clock, doubled each time. (No
// real-time bound here: one would only make the test fail on a busy
// machine; the lab's clock is what the backoff is measured on.)
func TestRetryWaitsOnTheLabsClock(t *testing.T) {
	rep := callerRun(t, "naive", 3, false, "reply=3*ack-lost")
	var replies, retries []float64
	for _, e := range rep.Trace {
		switch {
		case e.Step == "reply" && e.Outcome == "unknown":
			replies = append(replies, e.AtMs)
		case e.Step == "retry":
			retries = append(retries, e.AtMs)
		}
	}
	if len(replies) != 3 || len(retries) != 3 {
		t.Fatalf("%d lost replies, %d retries: want 3 and 3", len(replies), len(retries))
	}
	for i, want := range []float64{50, 100, 200} {
		if got := retries[i] - replies[i]; got < want || got > want+1 {
			t.Errorf("retry %d waited %.1fms on the lab's clock, want %.0fms", i+1, got, want)
		}
	}
	if rep.Anomalies.DoubleOrder != 3 {
		t.Errorf("three lost replies retried without a key: double-order %d, want 3", rep.Anomalies.DoubleOrder)
	}
}

// A call that failed is retried too, and its retry places the order: nothing
// was committed by the first try, so there is no double.
func TestRetryAfterAFailedCommit(t *testing.T) {
	rep := callerRun(t, "naive", 1, false, "commit=1*error")
	if !rep.Consistent || len(rep.Ambiguous) != 0 {
		t.Fatalf("%+v ambiguous %v", rep.Anomalies, rep.Ambiguous)
	}
	var placed []string
	for _, e := range rep.Trace {
		if e.Step == "commit" && e.Outcome == "committed" {
			placed = append(placed, e.Order)
		}
	}
	// o-1's commit failed; the retry of the same request is named o-2.
	if !slices.Equal(placed, []string{"o-2", "o-3", "o-4"}) {
		t.Fatalf("committed %v, want o-2, o-3, o-4", placed)
	}
}

// With a key, the retry is answered from the stored result: one order per
// request, and the caller hears of the order it placed first.
func TestIdempotencyKeyAnswersTheRetry(t *testing.T) {
	rep := callerRun(t, "outbox-dedup", 2, true, "reply=1*ack-lost")
	if !rep.Consistent {
		t.Fatalf("%+v %+v", rep.Anomalies, rep.Findings)
	}
	stored := false
	for _, e := range rep.Trace {
		if e.Step == "idempotency" && e.Order == "o-1" {
			stored = true
		}
		if e.Step == "commit" && e.Outcome == "committed" && e.Order == "o-4" {
			t.Fatalf("a fourth order was placed for three requests")
		}
	}
	if !stored {
		t.Fatal("the retry was not answered from the stored key")
	}
}
