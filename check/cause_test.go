package check_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/check"
)

// A finding names only the faults that can cause its kind of anomaly.
func TestBecauseNamesOnlyCauses(t *testing.T) {
	consumerCrash := check.Strike{Order: "o-1", Point: "consumer.after-apply", Action: "crash", By: "consumer",
		Text: "the consumer crashed after applying and before acking (consumer.after-apply)"}
	serviceCrash := check.Strike{Order: "o-1", Point: "after-publish", Action: "crash", By: "service",
		Text: "the service crashed after the publish and before the commit (after-publish)"}
	outage := check.Strike{Order: "o-1", Point: "publish", Action: "broker-down", By: "service",
		Text: "the broker was down when the service published (publish)"}

	h := placed("o-1", "o-2")
	dropRow(&h, "o-1")
	h.Changes = h.Changes[1:]
	setDeliveries(&h, "o-1", repeat(applied(1, "OrderPlaced", "placed"), 2)...)
	setShipment(&h, check.Shipment{Order: "o-1", Status: "placed", Count: 2, Version: 1})
	h.Strikes = []check.Strike{consumerCrash, serviceCrash}
	v := check.Judge(h)
	ghost := explanationOf(t, v, check.Ghost, "o-1")
	if strings.Contains(ghost, "consumer") || !strings.Contains(ghost, "after-publish") {
		t.Errorf("the ghost is explained %q: want the service's crash, not the consumer's", ghost)
	}
	dup := explanationOf(t, v, check.Duplicate, "o-1")
	if !strings.Contains(dup, "consumer.after-apply") {
		t.Errorf("the duplicate is explained %q: want the consumer's crash", dup)
	}

	h = placed("o-1", "o-2")
	dropDownstream(&h, "o-1")
	h.Strikes = []check.Strike{consumerCrash, outage}
	lost := explanationOf(t, check.Judge(h), check.Lost, "o-1")
	if strings.Contains(lost, "consumer") || !strings.Contains(lost, "broker was down") {
		t.Errorf("the lost order is explained %q: want the outage only", lost)
	}
}

// One cause recorded twice for an order is said once.
func TestBecauseSaysACauseOnce(t *testing.T) {
	h := placed("o-1")
	dropDownstream(&h, "o-1")
	s := check.Strike{Order: "o-1", Point: "publish", Action: "broker-down", By: "service", Text: "the broker was down"}
	h.Strikes = []check.Strike{s, s}
	if got := explanationOf(t, check.Judge(h), check.Lost, "o-1"); strings.Count(got, "broker was down") != 1 {
		t.Errorf("explanation %q says the outage more than once", got)
	}
}

// A caller whose retry was told ok is not left in doubt.
func TestRetryToldOkIsNotAmbiguous(t *testing.T) {
	h := placed("o-1")
	h.Attempts = []check.Attempt{{Order: "o-1", Op: "place", Outcome: check.Unknown}, {Order: "o-1", Op: "place", Outcome: check.OK}}
	if v := check.Judge(h); slices.Contains(v.Ambiguous, "o-1") {
		t.Errorf("o-1 is ambiguous although its retry was told ok")
	}
	h.Attempts = []check.Attempt{{Order: "o-1", Op: "place", Outcome: check.OK}, {Order: "o-1", Op: "place", Outcome: check.Fail}}
	if v := check.Judge(h); !slices.Contains(v.Ambiguous, "o-1") {
		t.Errorf("o-1 is not ambiguous although its last call was told it failed")
	}
}
