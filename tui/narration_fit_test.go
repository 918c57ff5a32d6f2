package tui

import (
	"strings"
	"testing"
)

// At 80x24, after v (jump to recovery) the narration kept the first
// sentences of the jump, "The caller asks the service to place o-1", and
// dropped the last, the one that says where the run now stands.
func TestJumpNarratesWhereTheRunStands(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1, "after-commit=1*crash"), Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("v")
	h.idle()
	_, foot, _ := strings.Cut(h.screen(), "what just happened")
	if !strings.Contains(foot, "The workload is done.") {
		t.Fatalf("after v the narration does not say the workload is done:\n%s", h.screen())
	}
}
