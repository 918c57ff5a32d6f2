package tui

import (
	"strings"
	"testing"
)

// At 80×24 the narration has three lines. When publish-first's commit
// failed, it kept "The caller is told the call failed." and dropped the
// sentence that is the lesson: the order is not there, but its event went
// out. A ghost.
func TestFailedCommitKeepsItsGhostAt80x24(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 35}} {
		h := newHarness(t, Options{Run: startRun(t, "publish-first", 1, "commit=1*error"), Base: baseConfig()}, sz[0], sz[1])
		h.idle()
		for n := 0; n < 20 && !strings.Contains(h.screen(), "FAULT commit=error"); n++ {
			h.step(1)
		}
		screen := h.screen()
		_, foot, _ := strings.Cut(screen, "what just happened")
		foot = strings.Join(strings.Fields(foot), " ")
		if !strings.Contains(foot, "A ghost.") || !strings.Contains(foot, "is not in orders.db") {
			t.Errorf("%dx%d: the narration of the failed commit lacks the ghost:\n%s", sz[0], sz[1], screen)
		}
	}
}
