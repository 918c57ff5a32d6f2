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

// The fault picker's key line said "enter open"; in the picker enter
// chooses a point, then a term.
func TestPickerKeyLineSaysChoose(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "outbox", 1), Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("f")
	lines := strings.Split(strings.TrimRight(h.screen(), "\n "), "\n")
	last := lines[len(lines)-1]
	if !strings.Contains(last, "enter choose") || strings.Contains(last, "enter open") {
		t.Fatalf("the picker's key line is %q, want enter choose:\n%s", last, h.screen())
	}
}
