package concurrent

import (
	"runtime/debug"
	"sync"
)

// runGCPercent is the Go collector's target while concurrent runs are under
// way. A run's live heap is a few MB, so at Go's default of 100 the
// collector ran every 30 ms or so and took about 7% of the CPU (gctrace, 2
// cores), each time with pauses that land in the lag figures. Four times the
// heap before a collection cuts that to a quarter, for some MB of resident
// memory, which the results report. Every strategy and the parts alone are
// measured with it.
const runGCPercent = 400

var gcState struct {
	sync.Mutex
	runs  int // runs under way
	saved int // the setting before the first of them
}

// relaxGC raises the collector's target to runGCPercent, unless it is
// already higher or off (GOGC), until every run that asked is done. It
// returns the target in effect (-1: off).
func relaxGC() (percent int, restore func()) {
	gcState.Lock()
	defer gcState.Unlock()
	if gcState.runs == 0 {
		gcState.saved = debug.SetGCPercent(runGCPercent)
		if gcState.saved < 0 || gcState.saved > runGCPercent {
			debug.SetGCPercent(gcState.saved)
		}
	}
	gcState.runs++
	percent = runGCPercent
	if gcState.saved < 0 || gcState.saved > runGCPercent {
		percent = gcState.saved
	}
	return percent, func() {
		gcState.Lock()
		defer gcState.Unlock()
		if gcState.runs--; gcState.runs == 0 {
			debug.SetGCPercent(gcState.saved)
		}
	}
}
