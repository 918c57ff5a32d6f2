package check_test

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/check"
)

// An order whose payment reached shipping before its placement is shipped
// twice, and the finding says how, not that an event was delivered again.
func TestOvertakenShipsTwice(t *testing.T) {
	h := placed("o-1", "o-2")
	commit(&h, "o-1", 2, "pay", "paid")
	setRow(&h, check.Row{Order: "o-1", Status: "paid", Version: 2})
	setDeliveries(&h, "o-1",
		check.Delivery{Event: "OrderPaid", Version: 2, State: "paid", Seq: 3, Applied: true},
		check.Delivery{Event: "OrderPlaced", Version: 1, State: "placed", Seq: 1, Applied: true})
	setShipment(&h, check.Shipment{Order: "o-1", Status: "placed", Count: 2, Version: 1})
	v := check.Judge(h)
	if v.Anomalies.Duplicate != 1 || v.Anomalies.Reordered != 1 {
		t.Fatalf("anomalies %+v, want duplicate 1, reordered 1", v.Anomalies)
	}
	for _, f := range v.Findings {
		if f.Kind == check.Duplicate && !strings.Contains(f.Explanation, "OrderPaid v2 reached shipping before its OrderPlaced v1") {
			t.Errorf("duplicate explained as %q", f.Explanation)
		}
	}
}
