package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func runMain(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Terminal: func() bool { return false }}
	code = m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

// tempDirs lists the run directories in the system temp dir.
func tempDirs(t *testing.T) map[string]bool {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(os.TempDir(), "dualwrite-*"))
	out := map[string]bool{}
	for _, d := range m {
		out[d] = true
	}
	return out
}

func TestBadInput(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	readonly := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(readonly, 0o500)
	cases := []struct {
		args []string
		want string // in the one line on stderr
	}{
		{nil, "use a subcommand"},
		{[]string{"frobnicate"}, "valid commands are"},
		{[]string{"run"}, "naive, publish-first"},
		{[]string{"run", "nope"}, `unknown strategy "nope": valid strategies are naive, publish-first`},
		{[]string{"run", "naive", "--fault", "nowhere=crash"}, `unknown fault point "nowhere"`},
		{[]string{"run", "naive", "--fault", "after-commit=crsh"}, "valid actions are crash, error"},
		{[]string{"run", "naive", "--fault", "after-commit=1*"}, "malformed term"},
		{[]string{"run", "naive", "--fault", "after-commit"}, "want POINT=TERM"},
		{[]string{"run", "naive", "--fault", "after-commit=ack-lost"}, "valid there are crash, delay"},
		{[]string{"run", "naive", "--orders", "0"}, "--orders"},
		{[]string{"run", "naive", "--orders", "x"}, "invalid value"},
		{[]string{"run", "naive", "--format", "xml"}, "valid values are text, json, mermaid"},
		{[]string{"run", "naive", "--workload", "chaos"}, "valid values are place, lifecycle"},
		{[]string{"run", "naive", "--bogus"}, "flag provided but not defined"},
		{[]string{"run", "naive", "--listen", busy.Addr().String()}, "cannot listen on"},
		{[]string{"list", "extra"}, "list takes no arguments"},
		{[]string{"run", "cdc-polling", "--poll-interval", "0s"}, "--poll-interval"},
		{[]string{"run", "naive", "--nats-url", "nats://127.0.0.1:1"}, "cannot reach NATS at nats://127.0.0.1:1"},
		{[]string{"run", "naive", "--db", filepath.Join(readonly, "x")}, "--db"},
	}
	if os.Geteuid() == 0 {
		cases = cases[:len(cases)-1] // root writes anywhere
		cases = append(cases, struct {
			args []string
			want string
		}{[]string{"run", "naive", "--db", "/proc/version/x"}, "--db"})
	}
	t.Setenv("TMPDIR", t.TempDir()) // other packages' tests make run directories too
	before := tempDirs(t)
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := runMain(t, c.args...)
			if code != 2 {
				t.Errorf("exit status %d, want 2 (stderr %q)", code, stderr)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q: want one line containing %q", stderr, c.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
	for d := range tempDirs(t) {
		if !before[d] {
			t.Errorf("left behind %s", d)
		}
	}
}

func TestRunJSON(t *testing.T) {
	code, stdout, stderr := runMain(t, "run", "naive", "--fault", "after-commit=1*crash", "--format", "json", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"strategy", "faults", "seed", "orders", "anomalies", "consistent", "findings",
		"deduplicated", "ambiguous", "lag_ms", "trace"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("report has no %q", k)
		}
	}
	an := rep["anomalies"].(map[string]any)
	if an["lost"] != 1.0 || rep["consistent"] != false || rep["seed"] != 3.0 {
		t.Errorf("anomalies %v consistent %v seed %v", an, rep["consistent"], rep["seed"])
	}
	f := rep["findings"].([]any)[0].(map[string]any)
	if f["kind"] != "lost" || f["order"] != "o-1" || !strings.Contains(f["explanation"].(string), "after the commit and before the publish") {
		t.Errorf("finding %v", f)
	}
	step := rep["trace"].([]any)[0].(map[string]any)
	for _, k := range []string{"at_ms", "actor", "step", "detail"} {
		if _, ok := step[k]; !ok {
			t.Errorf("trace step has no %q: %v", k, step)
		}
	}
}

func TestRunText(t *testing.T) {
	code, stdout, _ := runMain(t, "run", "naive", "--fault", "after-commit=1*crash")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"⚡ FAULT after-commit=crash", "INCONSISTENT: lost 1", "o-1 is in orders but shipping never heard of it"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestRunMermaid(t *testing.T) {
	code, stdout, _ := runMain(t, "run", "publish-first", "--format", "mermaid")
	if code != 0 || !strings.HasPrefix(stdout, "sequenceDiagram\n") || !strings.Contains(stdout, "service->>nats: publish") {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
}

func TestListJSON(t *testing.T) {
	code, stdout, _ := runMain(t, "list", "--json")
	var list []struct {
		ID     string
		Points []struct{ Name, Means string }
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &list) != nil || len(list) < 2 {
		t.Fatalf("exit %d: %s", code, stdout)
	}
	if list[0].ID != "naive" || list[0].Points[1].Name != "after-commit" || list[0].Points[1].Means == "" {
		t.Errorf("first strategy %+v", list[0])
	}
}

func TestKeepFilesWithDB(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keep")
	code, stdout, _ := runMain(t, "run", "naive", "--db", dir)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, f := range []string{"orders.db", "shipping.db"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not kept: %v", f, err)
		}
	}
	if !strings.Contains(stdout, "sqlite3 "+dir) {
		t.Errorf("output does not say where the files are")
	}
}

// Ctrl-C in the middle of a run stops it and leaves no temporary directory.
func TestInterruptCleansUp(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	var errb bytes.Buffer
	go func() {
		m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errb, Terminal: func() bool { return false }}
		// A minute between two orders: the run is still going when the
		// interrupt comes, however slow the machine.
		done <- m.Run(ctx, []string{"run", "outbox", "--interval", "1m"})
	}()
	deadline := time.Now().Add(10 * time.Second)
	for len(tempDirs(t)) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if len(tempDirs(t)) == 0 {
		t.Fatal("the run never made its directory")
	}
	cancel()
	select {
	case code := <-done:
		if code != 130 || !strings.Contains(errb.String(), "interrupted after") {
			t.Errorf("exit %d, stderr %q: want 130 and a word that it was interrupted", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the run did not stop within 10s of the interrupt")
	}
	if dirs := tempDirs(t); len(dirs) != 0 {
		t.Errorf("left behind %v", dirs)
	}
}
