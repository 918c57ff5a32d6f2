package serve_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/serve"
)

const wait = 30 * time.Second

// One session more than the limit gets one polite line, and the others
// keep going.
func TestMaxSessionsRefusesPolitely(t *testing.T) {
	ts := startServer(t, func(c *serve.Config) { c.MaxSessions = 1 })
	first := openReady(t, ts.addr, studentAuth(), studentSize, "strategies")
	second := openTerm(t, ts.addr, studentAuth(), studentSize)
	second.waitEnd(wait)
	if got := second.stderr.String(); !strings.Contains(got, "the room is full (1 sessions)") || strings.Count(strings.TrimSpace(got), "\n") > 0 {
		t.Errorf("refusal: %q, want one line saying the room is full", got)
	}
	first.send("j")
	first.waitText("▸ publish-first", wait)
	if !strings.Contains(ts.log.String(), "refused a session") {
		t.Errorf("the refusal is not logged: %s", ts.log.String())
	}
}

// A session without a key for Idle ends, says why, and its directory goes.
func TestIdleSessionEnds(t *testing.T) {
	ts := startServer(t, func(c *serve.Config) { c.Idle = time.Second })
	tm := openReady(t, ts.addr, studentAuth(), studentSize, "strategies")
	tm.send("1") // a run, with its files
	tm.waitText("step 0", wait)
	poll(t, "a session directory", wait, func() bool { return len(ts.sessionDirs(t)) == 1 })
	tm.waitEnd(wait)
	if !strings.Contains(tm.stderr.String(), "closed after 1s without a key") {
		t.Errorf("stderr %q: want the idle notice", tm.stderr.String())
	}
	poll(t, "the session's directory removed", wait, func() bool { return len(ts.sessionDirs(t)) == 0 })
}

// A client that vanishes mid-run leaves nothing behind.
func TestKilledClientLeavesNothing(t *testing.T) {
	ts := startServer(t, nil)
	tm := openReady(t, ts.addr, studentAuth(), studentSize, "strategies")
	tm.send("2 ")
	tm.waitText("step 1", wait)
	poll(t, "a run directory in the session's", wait, func() bool { return len(ts.sessionDirs(t)) == 1 })
	tm.conn.Close() // no quit, no goodbye: the network dropped
	poll(t, "the session's directory removed", wait, func() bool { return len(ts.sessionDirs(t)) == 0 })
}

// Stopping the server ends every session and removes its directory.
func TestStopRemovesEverything(t *testing.T) {
	ts := startServer(t, nil)
	tm := openReady(t, ts.addr, studentAuth(), studentSize, "strategies")
	tm.send("1")
	tm.waitText("step 0", wait)
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	tm.waitEnd(wait)
	if entries, _ := readDir(ts.tmp); len(entries) != 0 {
		t.Errorf("left in the temp dir after stop: %v", entries)
	}
}

// A follower who only watches is not idle while the presenter moves them
// on; once the presenter stops too, the idle timeout ends the session.
func TestFollowerWatchingIsNotIdle(t *testing.T) {
	ts := startServer(t, func(c *serve.Config) { c.Idle = 2 * time.Second })
	pres, stu := openPair(t, ts)
	stu.waitText("following the presenter · F", wait)
	pres.send("1")
	start := time.Now()
	for step := 1; time.Since(start) < 5*time.Second; step++ {
		pres.send(" ") // a presenter's pace: a step every half second
		stu.waitText(fmt.Sprintf("step %d", step), wait)
		time.Sleep(500 * time.Millisecond)
	}
	stu.waitEnd(wait)
	if !strings.Contains(stu.stderr.String(), "closed after 2s without a key") {
		t.Errorf("stderr %q: want the idle notice", stu.stderr.String())
	}
}

// Each client gets the UI laid out for its own terminal's size, and
// coloured as its terminal can show.
func TestEachClientItsSizeAndColours(t *testing.T) {
	ts := startServer(t, nil)
	wide := openTermAs(t, ts.addr, studentAuth(), size{150, 40}, "xterm-256color")
	narrow := openTermAs(t, ts.addr, studentAuth(), size{80, 24}, "dumb")
	wide.waitText("strategies", wait)
	narrow.waitText("strategies", wait)
	// The first frame may come before the program has read the size.
	wide.waitFor("the UI laid out for 150 columns", wait, func(string) bool { return wide.lineWidth() >= 140 })
	if w := narrow.lineWidth(); w > 80 || w < 70 {
		t.Errorf("the 80-column client's longest line is %d wide:\n%s", w, narrow.screen())
	}
	if !wide.coloured() {
		t.Error("the xterm-256color client sees no colour")
	}
	if narrow.coloured() {
		t.Error("the dumb terminal gets colours")
	}

	// The narrow one's window grows: the UI follows.
	narrow.mu.Lock()
	narrow.vt.Resize(120, 30)
	narrow.mu.Unlock()
	if err := narrow.sess.WindowChange(30, 120); err != nil {
		t.Fatal(err)
	}
	narrow.waitFor("the UI laid out for 120 columns", wait, func(string) bool { return narrow.lineWidth() > 110 })
}

// A server stopped with sessions open ends them as a normal end: its log
// says each session ended, with no error for a program killed.
func TestStopEndsSessionsWithoutAnError(t *testing.T) {
	ts := startServer(t, nil)
	pres, studs := openClass(t, ts, 3, studentSize, studentSize)
	pres.send("2")
	for _, s := range studs {
		s.waitText("after-commit=1*crash", wait)
	}
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	if log := ts.log.String(); strings.Contains(log, "error") || strings.Contains(log, "ERROR") {
		t.Errorf("stopping the server logged an error:\n%s", log)
	}
}
