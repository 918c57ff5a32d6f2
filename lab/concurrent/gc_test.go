package concurrent

import (
	"runtime/debug"
	"testing"
)

// A run raises the collector's target and gives the setting back after the
// last run under way, and never lowers a higher one (GOGC).
func TestRelaxGC(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	current := func() int {
		p := debug.SetGCPercent(runGCPercent + 1)
		debug.SetGCPercent(p)
		return p
	}
	p1, restore1 := relaxGC()
	p2, restore2 := relaxGC()
	if p1 != runGCPercent || p2 != runGCPercent || current() != runGCPercent {
		t.Fatalf("during two runs: %d, %d, collector at %d; want %d", p1, p2, current(), runGCPercent)
	}
	restore1()
	if current() != runGCPercent {
		t.Errorf("one run still under way, collector at %d", current())
	}
	restore2()
	if current() != 100 {
		t.Errorf("after the runs the collector is at %d, want 100 back", current())
	}
	debug.SetGCPercent(1000)
	p, restore := relaxGC()
	if p != 1000 || current() != 1000 {
		t.Errorf("GOGC=1000 became %d (reported %d)", current(), p)
	}
	restore()
}
