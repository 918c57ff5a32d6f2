package scenarios

import (
	"slices"
	"testing"
)

// TestTheMatrixStartsTheBlockedRunsFirst: the catalog's runs that wait out
// the settle bound start before all others, and every cell runs once.
func TestTheMatrixStartsTheBlockedRunsFirst(t *testing.T) {
	cells := Cells()
	order := longestFirst(cells)
	blocked := 0
	for _, c := range cells {
		if c.Expect.Want.Blocked {
			blocked++
		}
	}
	if blocked == 0 {
		t.Fatal("the catalog has no cell expected to block: nothing to check")
	}
	for k, i := range order[:blocked] {
		if !cells[i].Expect.Want.Blocked {
			t.Errorf("start %d is %s %v, which is not expected to block", k, cells[i].Strategy.ID, cells[i].Expect.Faults)
		}
	}
	sorted := slices.Sorted(slices.Values(order))
	for i := range cells {
		if sorted[i] != i {
			t.Fatalf("the order %v does not run every cell exactly once", order)
		}
	}
}
