package tui

import (
	"strings"
	"testing"
)

// The footer's rule carries the run's status; a long one was cut with the
// rule: "⚡ armed relay.before-publish=2*delay(300ms)->1*cr…" at 80
// columns. A status too long for the rule is said whole under it.
func TestLongStatusIsWholeAt80(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "outbox", 1), Base: baseConfig()}, 80, 24)
	h.idle()
	h.step(2)
	notice := "⚡ armed relay.before-publish=2*delay(300ms)->1*crash->1*delay(250ms)->1*error"
	h.run().notice = notice
	flat := strings.Join(strings.Fields(h.screen()), " ")
	if !strings.Contains(flat, notice) {
		t.Fatalf("the status is not whole:\n%s", h.screen())
	}
	if lines := strings.Split(h.screen(), "\n"); len(lines) != 24 {
		t.Fatalf("%d lines on a screen of 24", len(lines))
	}
	h.run().notice = "⚡ armed commit=1*error"
	h.contains("── what just happened ─ ⚡ armed commit=1*error ──")
}
