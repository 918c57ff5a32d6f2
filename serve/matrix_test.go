package serve_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/serve"
)

// matrixShown is the matrix on a screen: from its title to the rule that
// sums it up ("61 runs in 1.4s, up to 4 at once: ..."), both included.
func matrixShown(t *testing.T, scr string) string {
	t.Helper()
	lines := strings.Split(scr, "\n")
	from, to := -1, -1
	for i, l := range lines {
		if from < 0 && strings.Contains(l, "dualwrite · compare") {
			from = i
		}
		if from >= 0 && strings.Contains(l, " runs in ") {
			to = i
			break
		}
	}
	if from < 0 || to < 0 {
		t.Fatalf("no filled matrix on the screen:\n%s", scr)
	}
	return strings.Join(lines[from:to+1], "\n")
}

// The room runs the matrix once: the presenter's fills, every follower
// watches it fill and is shown the cells of those same runs (their timing
// included), a student who
// comes later and one on their own are too, and the room ran one matrix
// for all of them.
func TestRoomRunsTheMatrixOnce(t *testing.T) {
	ts := startServer(t, nil)
	sz := size{120, 40}
	pres, students := openClass(t, ts, 3, sz, sz)
	n := len(scenarios.Cells())
	filled := fmt.Sprintf("%d of %d done in", n, n)
	pres.send("m")
	// Nothing to wait for: each follower watches the room's matrix fill.
	for _, s := range students {
		s.waitText("the room's matrix, filling: ", wait)
	}
	pres.waitText(filled, 2*wait)
	want := matrixShown(t, pres.screen())
	if !strings.Contains(want, fmt.Sprintf("%d runs in", n)) {
		t.Fatalf("the presenter's matrix:\n%s", want)
	}

	late := openReady(t, ts.addr, studentAuth(), sz, "following the presenter")
	alone := openReady(t, ts.addr, studentAuth(), sz, "following the presenter")
	alone.waitText(filled, 2*wait)
	alone.send("F")
	alone.waitText("on your own", wait)
	alone.send("\x1b") // esc: home, and the matrix is left
	alone.waitFor("the home screen", wait, func(s string) bool { return !strings.Contains(s, "dualwrite · compare") })
	alone.send("m") // their own way back to it
	for i, s := range append(students, late, alone) {
		s.waitText(filled, 2*wait)
		if got := matrixShown(t, s.screen()); got != want {
			t.Errorf("student %d is shown another matrix:\n%s\nthe presenter's:\n%s", i, got, want)
		}
	}
	if runs := serve.MatrixRuns(ts.srv); runs != 1 {
		t.Errorf("the room ran %d matrices for %d sessions, want 1", runs, len(students)+3)
	}
}

// Stopping the server stops the room's matrix and waits for its runs to
// be closed, as it waits for the sessions' own runs.
func TestStopEndsTheRoomsMatrix(t *testing.T) {
	ts := startServer(t, nil)
	pres := openReady(t, ts.addr, presenterAuth(ts), size{120, 40}, "presenter ·")
	pres.send("m")
	pres.waitText("running ·", wait)
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	if n := serve.MatricesGoing(ts.srv); n != 0 {
		t.Errorf("the server stopped with %d matrices still running", n)
	}
	if left, _ := readDir(ts.tmp); len(left) != 0 {
		t.Errorf("left in the temp dir after stop: %v", left)
	}
}
