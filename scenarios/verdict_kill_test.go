package scenarios_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// The auditor after a real kill -9: a run kept in DIR is killed with SIGKILL
// in the middle, then resumed; the resumed report's verdict must be what the
// kept files say. Two ways to make the killed process:
//
//   - by default, this test binary re-executed as the child (TestAuditChildRun):
//     it runs the lab exactly as `dualwrite run --db DIR` configures it
//     (scenarios.Spec.Config, headless) and prints one line per step; resume
//     is lab.Resume in process, as `dualwrite resume` calls it;
//   - with DUALWRITE_BIN=/path/to/dualwrite, also the real command line:
//     `dualwrite run ... --db DIR` killed, `dualwrite resume --db DIR --format json`.
//
//	go test ./scenarios -run AuditKill                       a few kills, in process resume
//	DUALWRITE_LONG=1 go test ./scenarios -run AuditKill      60 kills
//	DUALWRITE_BIN=$(go env GOPATH)/bin/dualwrite ...          the real CLI too

// childSpec is what the child needs to make the run: the spec's parts as
// `dualwrite run` takes them.
type childSpec struct {
	Strategy  string        `json:"strategy"`
	Faults    []string      `json:"faults"`
	Seed      int64         `json:"seed"`
	Orders    int           `json:"orders"`
	Lifecycle bool          `json:"lifecycle"`
	Interval  time.Duration `json:"interval"`
	Retry     int           `json:"retry"`
	Key       bool          `json:"key"`
	Consumer  lab.Guarantee `json:"consumer"`
	Dir       string        `json:"dir"`
	// StopAt, if set, is a step (with its outcome, "commit committed") at
	// which the child stops and waits to be killed: a kill at a chosen point.
	StopAt string `json:"stop_at,omitempty"`
}

func (c childSpec) spec() (scenarios.Spec, error) {
	s, err := scenarios.Lookup(c.Strategy)
	if err != nil {
		return scenarios.Spec{}, err
	}
	fs, err := s.ParseFaults(c.Faults)
	if err != nil {
		return scenarios.Spec{}, err
	}
	return scenarios.Spec{Strategy: s, Faults: fs, Seed: c.Seed, Orders: c.Orders, Lifecycle: c.Lifecycle,
		Interval: c.Interval, Retry: c.Retry, IdempotencyKey: c.Key, Consumer: c.Consumer, Dir: c.Dir, Headless: true}, nil
}

// args are the `dualwrite run` arguments of the child's run.
func (c childSpec) args() []string {
	a := []string{"run", c.Strategy, "--seed", fmt.Sprint(c.Seed), "--orders", fmt.Sprint(c.Orders), "--db", c.Dir}
	if c.Lifecycle {
		a = append(a, "--workload", "lifecycle")
	}
	if c.Interval > 0 {
		a = append(a, "--interval", c.Interval.String())
	}
	if c.Retry > 0 {
		a = append(a, "--retry", fmt.Sprint(c.Retry))
	}
	if c.Key {
		a = append(a, "--idempotency-key")
	}
	if c.Consumer != "" {
		a = append(a, "--consumer", string(c.Consumer))
	}
	for _, f := range c.Faults {
		a = append(a, "--fault", f)
	}
	return a
}

// TestAuditChildRun is the killed process, when DUALWRITE_AUDIT_CHILD holds
// a childSpec; otherwise it does nothing.
func TestAuditChildRun(t *testing.T) {
	raw := os.Getenv("DUALWRITE_AUDIT_CHILD")
	if raw == "" {
		t.Skip("the child of TestAuditKillThenResume")
	}
	var c childSpec
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		t.Fatal(err)
	}
	sp, err := c.spec()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r, err := lab.Start(ctx, sp.Config())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	seen := 0
	for n := 0; ; n++ {
		done, err := r.Step(ctx)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(os.Stdout, "step %d\n", n) // unbuffered: the parent counts them
		if done {
			return
		}
		tr := r.Trace()
		for _, e := range tr[seen:] {
			if c.StopAt != "" && e.Step+" "+e.Outcome == c.StopAt {
				fmt.Fprintln(os.Stdout, "stopped")
				select {} // until the parent's SIGKILL
			}
		}
		seen = len(tr)
	}
}

// killChild starts the child (the real binary if bin is set), lets it print
// after lines, and kills it with SIGKILL. It reports whether the child was
// still running when killed.
func killChild(t *testing.T, c childSpec, after int, bin string) bool {
	t.Helper()
	var cmd *exec.Cmd
	if bin != "" {
		cmd = exec.Command(bin, c.args()...)
	} else {
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(c)
		cmd = exec.Command(exe, "-test.run=^TestAuditChildRun$", "-test.count=1")
		cmd.Env = append(os.Environ(), "DUALWRITE_AUDIT_CHILD="+string(raw))
	}
	// SIGKILL leaves the child no chance to remove its temporary files (the
	// test child's shared broker): they go in a directory the test removes.
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, "TMPDIR="+t.TempDir())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	n := 0
	for n < after && sc.Scan() {
		n++
		if sc.Text() == "stopped" {
			break
		}
	}
	alive := n == after || sc.Text() == "stopped"
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	return alive
}

// resumeKept finishes the killed run in dir: through the real binary if bin
// is set, otherwise with lab.Resume as `dualwrite resume` calls it. It
// returns nil when there was nothing to resume (the run had ended).
func resumeKept(t *testing.T, dir, bin string) *lab.Report {
	t.Helper()
	if bin != "" {
		cmd := exec.Command(bin, "resume", "--db", dir, "--format", "json")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if strings.Contains(stderr.String(), "judged already") {
			return nil
		}
		if err != nil {
			t.Fatalf("%s resume --db %s: %v: %s", bin, dir, err, stderr.String())
		}
		var rep lab.Report
		if err := json.Unmarshal(out, &rep); err != nil {
			t.Fatal(err)
		}
		return &rep
	}
	h, err := lab.ReadHeader(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Lookup(h.Strategy)
	if err != nil {
		t.Fatal(err)
	}
	r, err := lab.Resume(context.Background(), scenarios.KeptSpec(s, h, dir).Config())
	var in *lab.InputError
	if errors.As(err, &in) && strings.Contains(in.Msg, "judged already") {
		return nil
	}
	if err != nil {
		t.Fatalf("resume --db %s: %v", dir, err)
	}
	defer r.Close()
	rep, err := r.Finish(context.Background())
	if err != nil {
		t.Fatalf("resume --db %s: %v", dir, err)
	}
	return rep
}

// auditKept reads the kept files of a finished run and compares them with
// rep, as runAudited does for a run made in process.
func auditKept(t *testing.T, sp scenarios.Spec, rep *lab.Report, dir string) auditOutcome {
	t.Helper()
	o := auditOutcome{spec: sp, rep: rep}
	st, err := readRawStores(dir)
	if err != nil {
		o.err = fmt.Errorf("read the kept stores: %w", err)
		return o
	}
	o.audit = st.audit()
	killed, err := killedAmbiguous(st, filepath.Join(dir, "journal"))
	if err != nil {
		o.err = err
		return o
	}
	o.audit.ambiguous = killed
	ns, err := readRawStream(dir)
	if err != nil {
		o.audit.notes = append(o.audit.notes, "cannot read the kept NATS store: "+err.Error())
		return o
	}
	o.audit.notes = append(o.audit.notes, natsNotes(st, ns, o.audit.kinds["ghost"])...)
	o.observed = natsObservations(st, ns)
	return o
}

// killedAmbiguous is the auditor's ambiguity for a run that was killed: a
// placement whose request line has no reply after it was under way when the
// process died, so its caller got no answer (unknown, Jepsen's info). An
// order is ambiguous when it is committed and its caller's last answer to a
// place of it was fail, unknown or none.
func killedAmbiguous(st *rawStores, path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	last := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var line struct {
			K       string `json:"k"`
			Attempt *struct {
				Order   string `json:"order"`
				Op      string `json:"op"`
				Outcome string `json:"outcome"`
			} `json:"attempt"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			continue // the line the kill cut short
		}
		if line.Attempt == nil || line.Attempt.Op != "place" {
			continue
		}
		switch line.K {
		case "request":
			last[line.Attempt.Order] = "none"
		case "reply":
			last[line.Attempt.Order] = line.Attempt.Outcome
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	committed := map[string]bool{}
	for id := range st.rows {
		committed[id] = true
	}
	for _, c := range st.history {
		committed[c.order] = true
	}
	var out []string
	for _, id := range sortedKeys(committed) {
		if o := last[id]; o == "fail" || o == "unknown" || o == "none" {
			out = append(out, id)
		}
	}
	return out, nil
}

// journalCut reports whether the kill left the journal's last line cut short.
func journalCut(t *testing.T, dir string) bool {
	raw, err := os.ReadFile(filepath.Join(dir, "journal"))
	return err == nil && len(raw) > 0 && raw[len(raw)-1] != '\n'
}

// keepForALook copies a kept run that the auditor questions into
// DUALWRITE_AUDIT_KEEP, if set, since the test's own directory goes away.
func keepForALook(t *testing.T, dir string) {
	keep := os.Getenv("DUALWRITE_AUDIT_KEEP")
	if keep == "" {
		return
	}
	to, err := os.MkdirTemp(keep, "killed-")
	if err == nil {
		err = os.CopyFS(to, os.DirFS(dir))
	}
	t.Logf("kept for a look in %s (%v)", to, err)
}

// killSpecs are the runs the kill test kills: the strategies resume takes,
// with faults and switches drawn from seed.
func killSpecs(n int, seed uint64) []childSpec {
	rng := rand.New(rand.NewPCG(seed, 11))
	strategies := []string{"outbox", "outbox-dedup", "cdc", "outbox-cdc", "naive", "publish-first", "publish-in-tx", "cdc-polling"}
	faultsOf := map[string][]string{
		"outbox":        {"relay.after-publish=1*crash", "relay.publish=20%ack-lost", "consumer.after-apply=1*crash"},
		"outbox-dedup":  {"relay.after-publish=1*crash", "relay.publish=20%ack-lost"},
		"cdc":           {"connector.after-publish=1*crash", "consumer.after-apply=1*crash"},
		"outbox-cdc":    {"consumer.after-apply=1*crash"},
		"naive":         {"after-commit=1*crash", "publish=1*broker-down(200ms)"},
		"publish-first": {"after-publish=1*crash"},
		"publish-in-tx": {"commit=1*error"},
		"cdc-polling":   {"poller.publish=1*ack-lost"},
	}
	var out []childSpec
	for i := range n {
		id := strategies[i%len(strategies)]
		c := childSpec{Strategy: id, Seed: int64(1 + rng.IntN(1000)), Orders: 20 + rng.IntN(60), Lifecycle: rng.IntN(2) == 0,
			Interval: time.Duration(rng.IntN(6)) * time.Millisecond}
		if fs := faultsOf[id]; rng.IntN(3) > 0 {
			c.Faults = []string{fs[rng.IntN(len(fs))]}
		}
		if rng.IntN(4) == 0 {
			c.Retry, c.Key = 2, rng.IntN(2) == 0
		}
		out = append(out, c)
	}
	return out
}

// TestAuditKillThenResume kills kept runs with SIGKILL at a random step,
// resumes them, and holds the resumed report to the auditor's reading of the
// kept files.
func TestAuditKillThenResume(t *testing.T) {
	n := 2
	if os.Getenv("DUALWRITE_LONG") == "1" {
		n = 60
	}
	bins := []string{""}
	if bin := os.Getenv("DUALWRITE_BIN"); bin != "" {
		bins = append(bins, bin)
	}
	rng := rand.New(rand.NewPCG(3, 5))
	resumed := 0
	for _, bin := range bins {
		for i, c := range killSpecs(n, 7) {
			c.Dir = filepath.Join(t.TempDir(), "lab")
			after := 3 + rng.IntN(400)
			how := "child test binary"
			if bin != "" {
				how = bin
			}
			killChild(t, c, after, bin)
			if journalCut(t, c.Dir) {
				t.Logf("kill %d (%s) after %d steps cut the journal's last line: resume drops it", i, how, after)
			}
			rep := resumeKept(t, c.Dir, bin)
			if rep == nil {
				t.Logf("kill %d (%s) after %d steps: the run had ended, nothing to resume", i, how, after)
				continue
			}
			resumed++
			sp, err := c.spec()
			if err != nil {
				t.Fatal(err)
			}
			o := auditKept(t, sp, rep, c.Dir)
			cmd := "dualwrite " + strings.Join(c.args(), " ")
			if o.err != nil || len(o.disagreements()) > 0 {
				keepForALook(t, c.Dir)
			}
			if o.err != nil {
				t.Errorf("%s, killed after %d steps (%s), resumed: %v", cmd, after, how, o.err)
				continue
			}
			if !rep.Settled {
				t.Errorf("%s, killed after %d steps (%s): the resumed run did not settle", cmd, after, how)
			}
			if d := o.disagreements(); len(d) > 0 {
				t.Errorf("%s, killed after %d steps (%s), then dualwrite resume --db %s --format json:\n  %s",
					cmd, after, how, c.Dir, strings.Join(d, "\n  "))
			}
		}
	}
	if resumed == 0 {
		t.Fatal("no kill came before its run ended: the test resumed nothing")
	}
	// Kills at chosen points: between a placement's commit and its reply,
	// so the caller never hears of an order that is committed (ambiguous).
	ambiguous := 0
	for _, c := range []childSpec{
		{Strategy: "naive", Seed: 1, Orders: 5, StopAt: "commit committed"},
		{Strategy: "outbox", Seed: 2, Orders: 5, Lifecycle: true, StopAt: "commit committed"},
		{Strategy: "cdc", Seed: 3, Orders: 5, StopAt: "commit committed"},
	} {
		c.Dir = filepath.Join(t.TempDir(), "lab")
		if !killChild(t, c, 1<<20, "") {
			t.Fatalf("dualwrite %s: the child ended before it reached %q", strings.Join(c.args(), " "), c.StopAt)
		}
		rep := resumeKept(t, c.Dir, "")
		sp, err := c.spec()
		if err != nil {
			t.Fatal(err)
		}
		o := auditKept(t, sp, rep, c.Dir)
		if o.err != nil {
			t.Fatal(o.err)
		}
		ambiguous += len(o.audit.ambiguous)
		if d := o.disagreements(); len(d) > 0 || !rep.Settled {
			t.Errorf("dualwrite %s, killed after its first commit, then resumed (settled %v):\n  %s", strings.Join(c.args(), " "), rep.Settled, strings.Join(d, "\n  "))
		}
	}
	if ambiguous == 0 {
		t.Errorf("no kill between a commit and its reply left an ambiguous order: the directed kills check nothing")
	}
	t.Logf("%d kills resumed and audited", resumed)
}
