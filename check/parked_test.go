package check_test

import (
	"testing"

	"github.com/dualwrite/dualwrite/check"
)

// An order whose later version is parked in the dead-letter stream differs
// between the stores because shipping never got that version, not because
// it applied changes out of order: it is parked, not reordered.
func TestParkedLaterVersionIsNotReordered(t *testing.T) {
	h := placed("o-1")
	commit(&h, "o-1", 2, "pay", "paid")
	setRow(&h, check.Row{Order: "o-1", Status: "paid", Version: 2})
	h.DeadLetters = append(h.DeadLetters, check.DeadLetter{Order: "o-1", Version: 2, Seq: 2, Deliveries: 1})
	v := check.Judge(h)
	if v.Anomalies.Reordered != 0 {
		t.Errorf("a parked later version counted as reordered: %+v %v", v.Anomalies, v.Findings)
	}
	if len(v.Parked) != 1 || v.Parked[0].Order != "o-1" || v.Parked[0].Version != 2 {
		t.Errorf("want o-1 v2 parked, got %+v", v.Parked)
	}
	// Without the dead letter the same stores are an anomaly.
	h.DeadLetters = nil
	if v := check.Judge(h); v.Consistent {
		t.Errorf("v2 never applied and not parked, yet consistent")
	}
}

// Every parked event is named, two versions of one order included: the count
// is of the events in the dead-letter stream.
func TestEveryParkedVersionIsNamed(t *testing.T) {
	h := placed("o-1")
	commit(&h, "o-1", 2, "pay", "paid")
	setRow(&h, check.Row{Order: "o-1", Status: "paid", Version: 2})
	dropDownstream(&h, "o-1")
	h.DeadLetters = append(h.DeadLetters,
		check.DeadLetter{Order: "o-1", Version: 1, Seq: 1, Deliveries: 1},
		check.DeadLetter{Order: "o-1", Version: 2, Seq: 2, Deliveries: 1})
	v := check.Judge(h)
	if len(v.Parked) != 2 || v.Parked[0].Version != 1 || v.Parked[1].Version != 2 {
		t.Errorf("want o-1 v1 and v2 parked, got %+v", v.Parked)
	}
	if v.Anomalies.Lost != 0 {
		t.Errorf("a parked order counted lost: %+v", v.Anomalies)
	}
}
