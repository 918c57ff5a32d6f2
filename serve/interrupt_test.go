package serve_test

import (
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C on `dualwrite serve` is a SIGINT to the whole process. Only the
// server may take it: a session's program that caught it too ended at once
// as "interrupted", and the log said "ERROR app exit with error" for every
// student in the room at the end of each workshop.
func TestSIGINTIsTheServersNotTheSessions(t *testing.T) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt) // the process survives the SIGINT, as serve's own handler makes it
	defer signal.Stop(sig)
	ts := startServer(t, nil)
	pres, studs := openClass(t, ts, 1, studentSize, studentSize)
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	<-sig
	// Each session still answers a key: nothing but the server ended it.
	pres.send("2")
	studs[0].waitText("armed: after-commit=1*crash", wait)
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	if log := ts.log.String(); strings.Contains(log, "error") || strings.Contains(log, "ERROR") {
		t.Errorf("a SIGINT, then the server's stop, logged an error:\n%s", log)
	}
}

// A stopped server ends each session as q would: the program gives the
// terminal back, the client hears why, and ssh exits 0. Closing the
// connections under the UIs left each student's last frame on screen, with
// "Connection to 127.0.0.1 closed by remote host." and ssh's status 255.
func TestStopTellsEachSessionAndExitsZero(t *testing.T) {
	ts := startServer(t, nil)
	pres, studs := openClass(t, ts, 1, studentSize, studentSize)
	pres.send("2")
	studs[0].waitText("armed: after-commit=1*crash", wait)
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	for _, tm := range []*term{pres, studs[0]} {
		done := make(chan error, 1)
		go func() { done <- tm.sess.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("the session ended with %v, not exit status 0; stderr: %q", err, tm.stderr.String())
			}
		case <-time.After(wait):
			t.Fatalf("the session did not end within %s", wait)
		}
		if got := tm.stderr.String(); !strings.Contains(got, "the server has stopped") {
			t.Errorf("the client was not told the server stopped; stderr: %q", got)
		}
	}
}
