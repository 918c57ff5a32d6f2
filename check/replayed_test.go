package check_test

import (
	"testing"

	"github.com/dualwrite/dualwrite/check"
)

// A poison event parked, then replayed from the dead-letter stream under a
// new sequence and applied: nothing is blocked, parked or lost any more.
func TestReplayedDeadLetterUnblocks(t *testing.T) {
	h := placed("o-1", "o-2")
	h.Refusals = []check.Refusal{{Order: "o-1", Version: 1, Seq: 1, Delivery: 1}, {Order: "o-1", Version: 1, Seq: 1, Delivery: 2}}
	h.Queued = []check.Queued{{Order: "o-1", Version: 1, Seq: 1}}
	setDeliveries(&h, "o-1", check.Delivery{Event: "OrderPlaced", Version: 1, State: "placed", Seq: 3, Applied: true})
	v := check.Judge(h)
	if !v.Consistent || v.Blocked != nil || len(v.Parked) != 0 {
		t.Fatalf("replayed and applied, judged %+v blocked %+v parked %+v", v.Anomalies, v.Blocked, v.Parked)
	}
	// Not applied again: it still blocks the stream.
	setDeliveries(&h, "o-1")
	dropDownstream(&h, "o-1")
	if v := check.Judge(h); v.Blocked == nil {
		t.Fatalf("refused and never applied, judged not blocked: %+v", v.Anomalies)
	}
}
