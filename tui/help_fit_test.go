package tui

import "testing"

// At 80x24 the help of the run screen shows every key, none cut off at the
// right edge, and scrolls to the last line of its legend.
func TestHelpFitsAt80x24(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("?")
	h.contains("presenter", "esc home", "source", "workshop")
	for range 30 {
		h.screen() // a program draws after each key
		h.press("down")
	}
	h.contains("them after each step.", "presenter mode: a row of a store")
	h.press("esc")
	if h.m.state != stateRun {
		t.Fatalf("esc leaves the help for %v, want the run screen", h.m.state)
	}
}

// On a finished run without a fault, n says there was none in the run: it
// searches the whole run, not what comes after the rows on show.
func TestNextFaultOnAFinishedRunWithoutAFault(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("e")
	h.idle()
	h.press("n")
	h.contains("no fault struck in this run")
	h.lacks("after this")
}
