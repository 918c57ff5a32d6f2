package serve_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/serve"
)

// A class watches the matrix: the presenter opens it, and every follower
// is shown it filled. It logs the server's CPU time from the presenter's m
// to the last follower's filled matrix: the real binary's with
// DUALWRITE_SERVE_ADDR and DUALWRITE_SERVE_PID (a loopback server started
// by a script), else this process's, clients included. Opt-in: with
// DUALWRITE_SERVE_ADDR or DUALWRITE_LONG=1.
func TestLoadRoomMatrix(t *testing.T) {
	if os.Getenv("DUALWRITE_SERVE_ADDR") == "" && os.Getenv("DUALWRITE_LONG") != "1" {
		t.Skip("the matrix under a class: DUALWRITE_LONG=1, or DUALWRITE_SERVE_ADDR against a real server")
	}
	n := loadSessions(t)
	ts, external := loadServer(t)
	sz := size{120, 40}
	pres, students := openClass(t, ts, n, sz, sz)
	cells := len(scenarios.Cells())
	filled := fmt.Sprintf("%d of %d done in", cells, cells)
	const bound = 10 * time.Minute // thirty matrices of one's own, one run at a time each, on two cores

	cpu0, whose := serverCPU(t)
	start := pres.send("m")
	pres.waitText(filled, bound)
	var wg sync.WaitGroup
	for _, s := range students {
		wg.Go(func() { s.waitText(filled, bound) })
	}
	wg.Wait()
	took := time.Since(start)
	cpu1, _ := serverCPU(t)
	t.Logf("%d followers: every screen shows the filled matrix %s after the presenter's m; CPU of %s meanwhile %s",
		n, took.Round(10*time.Millisecond), whose, (cpu1 - cpu0).Round(10*time.Millisecond))
	if !external {
		if runs := serve.MatrixRuns(ts.srv); runs != 1 {
			t.Errorf("the room ran %d matrices for %d sessions, want 1", runs, n+1)
		}
	}
	for _, s := range append(students, pres) {
		wg.Go(func() {
			s.send("q")
			s.waitEnd(wait)
		})
	}
	wg.Wait()
}

// serverCPU is the user and system CPU time of the server's process so far:
// DUALWRITE_SERVE_PID's, or this process's.
func serverCPU(t *testing.T) (time.Duration, string) {
	t.Helper()
	pid, whose := "self", "this test process (server and clients)"
	if p := os.Getenv("DUALWRITE_SERVE_PID"); p != "" {
		pid, whose = p, "the server process "+p
	}
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		t.Skipf("no CPU time of %s: %v", whose, err)
	}
	// Fields after the command's closing parenthesis; utime and stime are
	// the 14th and 15th of the whole line, in clock ticks (100 a second
	// on Linux).
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("/proc/%s/stat: %q", pid, b)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, whose
}
