package main

import (
	"strings"
	"testing"
)

// TestTwoPCBlockedLineOnlyWhenSomeoneWaited: a 2pc run says requests were
// blocked by a transaction in doubt only when one really waited, and does
// not blame a coordinator that never went down.
func TestTwoPCBlockedLineOnlyWhenSomeoneWaited(t *testing.T) {
	_, out, _ := runMain(t, "run", "2pc", "--seed", "1")
	if strings.Contains(out, "blocked") {
		t.Errorf("no fault, nobody waited, yet:\n%s", out)
	}
	_, out, _ = runMain(t, "run", "2pc", "--seed", "1", "--fault", "coordinator.after-prepare=1*crash")
	if !strings.Contains(out, "⏸ blocked") || !strings.Contains(out, "held by a prepared transaction in doubt") {
		t.Errorf("a crashed coordinator left a transaction in doubt, yet no blocked line:\n%s", out)
	}
}
