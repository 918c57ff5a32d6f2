package serve_test

import (
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
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
