package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

func dwRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb}
	code := m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

// resumeJSON resumes the run kept in dir with --format json and decodes its
// report into rep.
func resumeJSON(t *testing.T, dir string, rep any) {
	t.Helper()
	cliReport(t, rep, "resume", "--db", dir, "--format", "json")
}

// TestReplayAppliesTheParkedOrder: a run kept with --db parks a poison
// event; replay puts it back with the fault lifted, shipping applies it, and
// the verdict read again from the stores has nothing parked and is
// consistent. A second replay has nothing to replay.
func TestReplayAppliesTheParkedOrder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kept")
	code, _, errs := dwRun(t, "run", "outbox", "--max-deliver", "2", "--fault", "consumer.before-apply=1*poison", "--db", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	var rep struct {
		Consistent bool              `json:"consistent"`
		Settled    bool              `json:"settled"`
		Parked     []json.RawMessage `json:"parked"`
		Blocked    json.RawMessage   `json:"blocked_by_poison"`
		Trace      []struct {
			Step, Order, Outcome string
		} `json:"trace"`
	}
	cliReport(t, &rep, "replay", "--db", dir, "--format", "json")
	applied := false
	for _, e := range rep.Trace {
		if e.Step == "apply" && e.Order == "o-1" && e.Outcome == "applied" {
			applied = true
		}
	}
	if !rep.Consistent || !rep.Settled || len(rep.Parked) != 0 || string(rep.Blocked) != "null" && len(rep.Blocked) != 0 || !applied {
		t.Errorf("after replay: consistent %v settled %v parked %d blocked %s applied o-1 %v", rep.Consistent, rep.Settled, len(rep.Parked), rep.Blocked, applied)
	}
	code, _, errs = dwRun(t, "replay", "--db", dir)
	if code != 2 || !strings.Contains(errs, "no dead letters") {
		t.Errorf("second replay: exit %d, stderr %q", code, errs)
	}
}

// TestReplayRefuses what it cannot do, with exit 2 and a sentence.
func TestReplayRefuses(t *testing.T) {
	unbounded := filepath.Join(t.TempDir(), "unbounded")
	if code, _, errs := dwRun(t, "run", "naive", "--db", unbounded); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	s, _ := scenarios.Lookup("naive")
	running := filepath.Join(t.TempDir(), "running")
	r, err := lab.Start(context.Background(), lab.Config{Name: "naive", Strategy: s.New(), Points: s.AllPoints(), Dir: running, MaxDeliver: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"replay"}, "replay needs --db DIR"},
		{[]string{"replay", "--db", t.TempDir()}, "holds no kept run"},
		{[]string{"replay", "--db", unbounded}, "had no --max-deliver"},
		{[]string{"replay", "--db", running}, "has not ended"},
		{[]string{"replay", "naive", "--db", running}, "replay takes no strategy"},
	} {
		code, _, errs := dwRun(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", c.args, code, errs, c.want)
		}
	}
}

// TestPoisonAsTheLastMessage: with one order the poison event is the last
// message of the stream; with MaxDeliver it is still parked, and the run
// settles with nothing behind it.
func TestPoisonAsTheLastMessage(t *testing.T) {
	code, out, errs := dwRun(t, "run", "naive", "--orders", "1", "--max-deliver", "2", "--fault", "consumer.before-apply=1*poison", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Settled bool `json:"settled"`
		Parked  []struct {
			Order string `json:"order"`
		} `json:"parked"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Settled || len(rep.Parked) != 1 || rep.Parked[0].Order != "o-1" {
		t.Errorf("settled %v parked %+v", rep.Settled, rep.Parked)
	}
}

// TestFleetFlags: the switches are bounded at the command line and listed.
func TestFleetFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "outbox", "--consumers", "0"}, "bad --consumers 0: it must be from 1 to 8"},
		{[]string{"run", "outbox", "--consumers", "9"}, "bad --consumers 9"},
		{[]string{"run", "outbox", "--consumers", "2", "--partitions", "9"}, "bad --partitions 9"},
		{[]string{"run", "outbox", "--partitions", "3"}, "give --consumers 3 too"},
	} {
		code, _, errs := dwRun(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, errs)
		}
	}
	_, out, _ := dwRun(t, "list")
	for _, want := range []string{"--consumers N", "--partitions N"} {
		if !strings.Contains(out, want) {
			t.Errorf("list does not name %s", want)
		}
	}
	code, out, errs := dwRun(t, "run", "outbox", "--workload", "lifecycle", "--consumers", "4", "--format", "json")
	if code != 0 || !strings.Contains(out, `"reordered": 1`) {
		t.Errorf("--consumers 4: exit %d %s, want reordered 1", code, errs)
	}
}

// TestNATSURLLeavesNoDeadLetterStream: with --nats-url a run with
// --max-deliver deletes its dead-letter stream at the end, with the rest.
func TestNATSURLLeavesNoDeadLetterStream(t *testing.T) {
	url := natsServer(t, true, "")
	code, _, errs := dwRun(t, "run", "naive", "--max-deliver", "2", "--fault", "consumer.before-apply=1*poison", "--nats-url", url, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if s := streams(t, url); len(s) != 0 {
		t.Errorf("left behind %v", s)
	}
}

// TestResumeHonoursMaxDeliver: a run kept with --db and --max-deliver that
// ends before it was judged is resumed with its bound, so its poison event is
// parked, not blocking.
func TestResumeHonoursMaxDeliver(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "killed")
	s, _ := scenarios.Lookup("naive")
	fs, err := s.ParseFaults([]string{"consumer.before-apply=1*poison"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := lab.Start(context.Background(), lab.Config{Name: "naive", Strategy: s.New(), Points: s.AllPoints(), Faults: fs, Dir: dir, MaxDeliver: 2, Orders: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Step until JetStream stored both orders, then stop as a killed
	// process stops: the journal has its header and no end.
	for stored := 0; stored < 2; {
		if _, err := r.Step(context.Background()); err != nil {
			t.Fatal(err)
		}
		stored = 0
		for _, e := range r.Trace() {
			if e.Actor == "nats" && e.Step == "ack" && e.Outcome == "stored" {
				stored++
			}
		}
	}
	r.Close()
	var rep struct {
		Settled bool              `json:"settled"`
		Parked  []json.RawMessage `json:"parked"`
		Blocked json.RawMessage   `json:"blocked_by_poison"`
	}
	resumeJSON(t, dir, &rep)
	// The resumed run arms its faults afresh, so its 1*poison may strike
	// again: at least the first run's poison event is parked.
	if !rep.Settled || len(rep.Parked) == 0 || len(rep.Blocked) != 0 && string(rep.Blocked) != "null" {
		t.Errorf("resumed: settled %v, parked %d, blocked %s: want settled and parked, not blocked", rep.Settled, len(rep.Parked), rep.Blocked)
	}
}
