package scenarios_test

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

// TestTwoPhaseBlocks: a coordinator that dies after the prepare leaves the
// order locked; the caller's retry waits for the lock until the coordinator
// is back and aborts from its log, and the report says how long it waited.
func TestTwoPhaseBlocks(t *testing.T) {
	s, err := scenarios.Lookup("2pc")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("no-fault", func(t *testing.T) {
		t.Parallel()
		rep := mustRun(t, s, nil, false, 1)
		if rep.BlockedMs == nil || *rep.BlockedMs != 0 {
			t.Errorf("blocked_ms %v, want 0", rep.BlockedMs)
		}
	})
	t.Run("after-prepare", func(t *testing.T) {
		t.Parallel()
		rep := mustRun(t, s, []string{"coordinator.after-prepare=1*crash"}, false, 1)
		if !rep.Consistent {
			t.Errorf("not consistent\n%s", describe(rep))
		}
		if rep.BlockedMs == nil || *rep.BlockedMs < 100 {
			t.Errorf("blocked_ms %v, want the coordinator's restart time at least\n%s", rep.BlockedMs, describe(rep))
		}
		var steps []string
		for _, e := range rep.Trace {
			switch {
			case e.Step == "recover" && e.Actor != "coordinator":
			case strings.Contains(" crash in doubt retry wait recover rollback lock verdict ", " "+e.Step+" "):
				steps = append(steps, e.Step)
			}
		}
		want := "crash in doubt retry wait recover rollback lock verdict"
		if got := strings.Join(steps, " "); got != want {
			t.Errorf("steps %q, want %q\n%s", got, want, describe(rep))
		}
		if testing.Verbose() {
			t.Logf("blocked_ms %.1f\n%s", *rep.BlockedMs, describe(rep))
		}
	})
}

// TestTwoPhaseAbortOutlivesAnOutage: an abort that cannot reach the broker
// (down while the caller gives up) is not lost: the coordinator finds the
// transaction begun and undecided in its log, with no caller carrying it,
// presumes abort and finishes it once the broker is back, so the run settles.
func TestTwoPhaseAbortOutlivesAnOutage(t *testing.T) {
	s, _ := scenarios.Lookup("2pc")
	rep := mustRun(t, s, []string{"coordinator.publish=1*broker-down(100ms)"}, false, 1)
	aborted := 0
	for _, e := range rep.Trace {
		if e.Step == "log" && strings.HasSuffix(e.Detail, ": aborted") {
			aborted++
		}
	}
	if !rep.Settled || aborted == 0 {
		t.Errorf("settled %t, aborts logged %d: want the coordinator to log the aborts once the broker is back\n%s", rep.Settled, aborted, describe(rep))
	}
}
