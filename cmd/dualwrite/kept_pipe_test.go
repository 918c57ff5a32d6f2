package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// killedRun keeps a run of strategy id in a new directory and stops it as a
// killed process stops, after its first commit: the journal has its header
// and no end, so resume has work to do.
func killedRun(t *testing.T, id string) string {
	t.Helper()
	s, _ := scenarios.Lookup(id)
	return killedSpec(t, scenarios.Spec{Strategy: s, Seed: 1, Orders: 3})
}

// killedSpec makes the run of sp in a directory of its own and stops it as
// killedRun does.
func killedSpec(t *testing.T, sp scenarios.Spec) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "killed")
	sp.Dir = dir
	r, err := lab.Start(context.Background(), sp.Config())
	if err != nil {
		t.Fatal(err)
	}
	for committed := false; !committed; {
		if _, err := r.Step(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Trace() {
			committed = committed || e.Step == "commit" && e.Outcome == "committed"
		}
	}
	r.Close()
	return dir
}

// A reader that goes away from resume's or replay's text ends it quietly,
// exit 141, as it ends run: no panic, nothing on stderr, and the kept run is
// left for another resume, not judged.
func TestKeptCommandsBrokenPipe(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir := killedRun(t, "outbox")
	var errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &closedPipe{room: 300}, Stderr: &errb, Terminal: func() bool { return false }}
	if code := m.Run(context.Background(), []string{"resume", "--db", dir}); code != exitBrokenPipe || errb.Len() != 0 {
		t.Errorf("resume | head: exit %d, stderr %q: want %d and nothing said", code, errb.String(), exitBrokenPipe)
	}
	var rep struct {
		Settled bool `json:"settled"`
	}
	resumeJSON(t, dir, &rep)
	if !rep.Settled {
		t.Errorf("the run resumed after the broken pipe did not settle")
	}

	kept := filepath.Join(t.TempDir(), "kept")
	if code, _, errs := dwRun(t, "run", "outbox", "--max-deliver", "2", "--fault", "consumer.before-apply=1*poison", "--db", kept, "--format", "json"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	errb.Reset()
	m.Stdout = &closedPipe{room: 300}
	if code := m.Run(context.Background(), []string{"replay", "--db", kept}); code != exitBrokenPipe || errb.Len() != 0 {
		t.Errorf("replay | head: exit %d, stderr %q: want %d and nothing said", code, errb.String(), exitBrokenPipe)
	}
}

// resume's first line says the workload was cut short by the kill, not that
// the resumed run places its orders: it places none.
func TestResumeSaysItPlacesNoMore(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir := killedRun(t, "outbox")
	code, out, errs := dwRun(t, "resume", "--db", dir)
	if code != 0 {
		t.Fatalf("resume: exit %d: %s", code, errs)
	}
	first, _, _ := strings.Cut(out, "\n")
	if !strings.Contains(first, "killed during a workload of 3 orders (place): resume finishes what was under way and places no more") {
		t.Errorf("first line %q: want it to say the kill cut the workload short", first)
	}
	if n := strings.Count(out, " request "); n >= 3 {
		t.Errorf("%d requests in the resumed trace: want fewer than the workload's 3", n)
	}
}

// An interrupted resume says, as an interrupted run does, that the world
// was not judged, exits 130, and leaves the kept run to resume again.
func TestResumeInterrupted(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir := killedRun(t, "outbox")
	// Ctrl-C as the first step of the resumed run is printed.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOnStep{cancel: cancel}
	var errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: out, Stderr: &errb, Terminal: func() bool { return false }}
	code := m.Run(ctx, []string{"resume", "--db", dir})
	if code != exitInterrupted || !strings.Contains(out.String(), "\nVerdict: ⏹ interrupted after ") || !strings.Contains(errb.String(), "interrupted after") {
		t.Errorf("exit %d, stdout %q, stderr %q: want %d and the interrupted verdict", code, out.String(), errb.String(), exitInterrupted)
	}
	var rep struct {
		Settled bool `json:"settled"`
	}
	resumeJSON(t, dir, &rep)
	if !rep.Settled {
		t.Errorf("the run resumed after the interrupt did not settle")
	}
}

// cancelOnStep keeps what is written and cancels once a step is written.
type cancelOnStep struct {
	syncBuffer
	cancel func()
}

func (c *cancelOnStep) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("ms  ")) {
		c.cancel()
	}
	return c.syncBuffer.Write(p)
}
