package check_test

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/check"
)

// Two changes between two polls reach shipping as one: the state in between
// never arrived, and the finding names it.
func TestMissedIntermediateState(t *testing.T) {
	h := placed("o-1", "o-2")
	commit(&h, "o-1", 2, "pay", "paid")
	setRow(&h, check.Row{Order: "o-1", Status: "paid", Version: 2})
	setDeliveries(&h, "o-1", applied(2, "OrderPaid", "paid"))
	setShipment(&h, check.Shipment{Order: "o-1", Status: "paid", Count: 1, Version: 2})
	v := check.Judge(h)
	if v.Anomalies.Lost != 1 || len(v.Findings) != 1 || v.Findings[0].Order != "o-1" {
		t.Fatalf("want one lost finding for o-1, got %+v %v", v.Anomalies, v.Findings)
	}
	if e := v.Findings[0].Explanation; !strings.Contains(e, "v1 (placed), the state its placement made, never arrived") {
		t.Errorf("explanation does not name the missed state: %s", e)
	}
}

// With no fault recorded, a strategy's own blindness explains the anomaly.
func TestUnseenExplainsWithoutAFault(t *testing.T) {
	h := placed("o-1")
	commit(&h, "o-1", 2, "cancel", "cancelled")
	dropRow(&h, "o-1")
	h.Unseen = check.Blindness{Deleted: "a poller cannot see deleted rows", Coalesced: "two changes between two looks show as one"}
	v := check.Judge(h)
	if len(v.Findings) != 1 || !strings.Contains(v.Findings[0].Explanation, "no fault was recorded for it: a poller cannot see deleted rows") {
		t.Fatalf("findings %v", v.Findings)
	}
}

// Each case of blindness is said for its own case: a delete never seen is
// not explained as two changes coalesced.
func TestBlindnessIsSaidCaseByCase(t *testing.T) {
	h := placed("o-1", "o-2")
	commit(&h, "o-1", 2, "cancel", "cancelled")
	dropRow(&h, "o-1")
	dropDownstream(&h, "o-1")
	h.Unseen = check.Blindness{Deleted: "DELETED", Coalesced: "COALESCED"}
	commit(&h, "o-2", 2, "pay", "paid")
	setRow(&h, check.Row{Order: "o-2", Status: "paid", Version: 2})
	setDeliveries(&h, "o-2", applied(2, "OrderPaid", "paid"))
	setShipment(&h, check.Shipment{Order: "o-2", Status: "paid", Count: 1, Version: 2})
	v := check.Judge(h)
	if e := explanationOf(t, v, check.Lost, "o-1"); !strings.Contains(e, "DELETED") || strings.Contains(e, "COALESCED") {
		t.Errorf("the deleted order is explained %q", e)
	}
	if e := explanationOf(t, v, check.Lost, "o-2"); !strings.Contains(e, "COALESCED") || strings.Contains(e, "DELETED") {
		t.Errorf("the coalesced order is explained %q", e)
	}
}
