package check_test

import (
	"testing"

	"github.com/dualwrite/dualwrite/check"
)

// A versioned consumer that discards a stale change saw it: the change is not
// lost, the discard is counted apart from deduplication, and the run is
// consistent. The same history without the stale delivery is a lost
// intermediate state.
func TestADiscardedStaleChangeIsNeitherLostNorDeduplicated(t *testing.T) {
	h := placed("o-1")
	h.Changes = append(h.Changes,
		check.Change{Order: "o-1", Version: 2, Op: "update", State: "express", By: "service-a"},
		check.Change{Order: "o-1", Version: 3, Op: "update", State: "standard", By: "service-b"})
	setRow(&h, check.Row{Order: "o-1", Status: "standard", Version: 3})
	v3 := check.Delivery{Order: "o-1", Event: "OrderUpdated", Version: 3, State: "standard", Seq: 2, Applied: true}
	v2 := check.Delivery{Order: "o-1", Event: "OrderUpdated", Version: 2, State: "express", Seq: 3, Discarded: true}
	setDeliveries(&h, "o-1", h.Deliveries[0], v3, v2)
	setShipment(&h, check.Shipment{Order: "o-1", Status: "standard", Count: 1, Version: 3})

	v := check.Judge(h)
	if !v.Consistent || v.Discarded != 1 || v.Deduplicated != 0 {
		t.Fatalf("consistent %v, discarded %d, deduplicated %d: want consistent, 1 discarded, 0 deduplicated; %+v", v.Consistent, v.Discarded, v.Deduplicated, v.Findings)
	}

	setDeliveries(&h, "o-1", h.Deliveries[0], v3)
	if v := check.Judge(h); v.Anomalies.Lost != 1 {
		t.Fatalf("without the stale delivery: %+v, want v2 lost", v.Anomalies)
	}
}
