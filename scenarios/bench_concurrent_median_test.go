package scenarios

import (
	"testing"

	"github.com/dualwrite/dualwrite/lab/concurrent"
)

// The median run is kept, and an inconsistent round is not outvoted.
func TestMedianRun(t *testing.T) {
	runs := []concurrent.Result{{EndToEndPerSec: 900, Consistent: true}, {EndToEndPerSec: 100, Consistent: false}, {EndToEndPerSec: 500, Consistent: true}}
	m := medianRun(runs)
	if m.EndToEndPerSec != 500 {
		t.Errorf("median run at %v/s, want 500", m.EndToEndPerSec)
	}
	if m.Consistent {
		t.Error("a round was inconsistent, yet the median run says consistent")
	}
}
