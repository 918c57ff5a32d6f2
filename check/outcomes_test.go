package check_test

import (
	"slices"
	"testing"

	"github.com/dualwrite/dualwrite/check"
)

func TestJudgeListsAmbiguousOrders(t *testing.T) {
	h := placed("o-10", "o-1", "o-2", "o-4", "o-5", "o-6")
	fail := func(id string, op string, out check.Outcome) {
		h.Attempts = append(h.Attempts, check.Attempt{Order: id, Op: op, Outcome: out, Err: "boom"})
	}
	fail("o-10", "place", check.Unknown)
	fail("o-1", "place", check.Fail)
	fail("o-1", "place", check.Fail) // retried: listed once
	fail("o-2", "place", check.Fail)
	fail("o-3", "place", check.Fail) // never committed: the failure was true
	fail("o-5", "pay", check.Fail)   // not a placement
	// o-6 was committed, then cancelled and deleted: committed all the same.
	commit(&h, "o-6", 2, "cancel", "cancelled")
	dropRow(&h, "o-6")
	fail("o-6", "place", check.Unknown)

	got := check.Judge(h).Ambiguous
	want := []string{"o-1", "o-2", "o-6", "o-10"}
	if !slices.Equal(got, want) {
		t.Fatalf("ambiguous = %v, want %v", got, want)
	}
}

func TestJudgeCountsDeduplicated(t *testing.T) {
	h := placed("o-1", "o-2")
	h.BrokerDeduplicated = 2
	for range 3 {
		h.Deliveries = append(h.Deliveries, check.Delivery{
			Order: "o-1", Event: "OrderPlaced", Version: 1, State: "placed", Redelivered: true, Applied: false,
		})
	}
	v := check.Judge(h)
	if v.Deduplicated != 5 || v.DedupBy != (check.Dedup{Broker: 2, Consumer: 3}) {
		t.Errorf("deduplicated = %d by %+v, want 5 by broker 2, consumer 3", v.Deduplicated, v.DedupBy)
	}
	if !v.Consistent {
		t.Errorf("absorbed deliveries judged as anomalies: %+v", v.Findings)
	}
}
