package check_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/check"
)

// requests gives each placed order of h the caller's request number r-1, r-2, ...
func requests(h *check.History) {
	for i := range h.Changes {
		h.Changes[i].Request = "r-" + strings.TrimPrefix(h.Changes[i].Order, "o-")
	}
}

func TestDoubleOrderIsASecondOrderOfOneRequest(t *testing.T) {
	h := placed("o-1", "o-2", "o-3", "o-4")
	requests(&h)
	if v := check.Judge(h); !v.Consistent || v.Anomalies.DoubleOrder != 0 {
		t.Fatalf("one order per request judged %+v", v.Anomalies)
	}
	// The caller's retry of r-1 was placed again as o-2; r-2 then became o-3.
	h.Changes[1].Request = "r-1"
	h.Changes[2].Request = "r-2"
	h.Changes[3].Request = "r-2"
	v := check.Judge(h)
	if v.Anomalies != (check.Anomalies{DoubleOrder: 2}) || v.Consistent {
		t.Fatalf("two retries placed again judged %+v, consistent %v", v.Anomalies, v.Consistent)
	}
	if len(v.Findings) != 2 || v.Findings[0].Kind != check.DoubleOrder || v.Findings[0].Order != "o-2" || v.Findings[1].Order != "o-4" {
		t.Fatalf("findings %+v, want double-order on o-2 and o-4", v.Findings)
	}
	if !strings.Contains(v.Findings[0].Explanation, "request r-1, which o-1 had placed already") {
		t.Errorf("explanation %q does not name the request and its first order", v.Findings[0].Explanation)
	}
}

func TestDoubleOrderIgnoresLaterChangesAndUnnumberedRequests(t *testing.T) {
	h := placed("o-1", "o-2")
	requests(&h)
	// A payment of o-1 is not a second placement, whatever it carries.
	commit(&h, "o-1", 2, "pay", "paid")
	h.Changes[len(h.Changes)-1].Request = "r-1"
	setRow(&h, check.Row{Order: "o-1", Status: "paid", Version: 2})
	setDeliveries(&h, "o-1", applied(1, "OrderPlaced", "placed"), applied(2, "OrderPaid", "paid"))
	setShipment(&h, check.Shipment{Order: "o-1", Status: "paid", Count: 1, Version: 2})
	// Orders placed by no numbered request (a race's own writes) are never doubles.
	h.Changes[1].Request = ""
	if v := check.Judge(h); v.Anomalies.DoubleOrder != 0 {
		t.Fatalf("judged %+v, findings %+v", v.Anomalies, v.Findings)
	}
}

func TestDoubleOrderJSONKey(t *testing.T) {
	h := placed("o-1", "o-2")
	h.Changes[0].Request, h.Changes[1].Request = "r-1", "r-1"
	b := mustJSON(t, check.Judge(h))
	if !strings.Contains(b, `"double-order":1`) {
		t.Fatalf("verdict JSON %s has no \"double-order\":1", b)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
