package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Inputs a newcomer types that the flag package would take silently: a
// single-valued flag given twice (the last would win), a value given empty
// (the default would be used), and --db naming a file for resume or replay
// (exit 1 before, as if the tool had failed).
func TestNewcomerBadInput(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	file := filepath.Join(t.TempDir(), "afile")
	if err := os.WriteFile(file, []byte("the user's"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "kept")
	cases := []struct {
		args []string
		want string
	}{
		// given twice
		{[]string{"run", "naive", "--orders", "2", "--orders", "3"}, `--orders given 2 times ("2", then "3"): give it once`},
		{[]string{"run", "naive", "--format", "json", "--format", "text"}, `--format given 2 times ("json", then "text")`},
		{[]string{"run", "naive", "--seed", "1", "--seed=1"}, `--seed given 2 times ("1", then "1")`},
		{[]string{"run", "naive", "--db", db, "--fresh", "--fresh"}, "--fresh given 2 times: give it once"},
		{[]string{"run", "naive", "--interval", "1ms", "--interval", "2ms"}, "--interval given 2 times"},
		{[]string{"tui", "naive", "--theme", "dark", "--theme", "light"}, "--theme given 2 times"},
		{[]string{"chaos", "--runs", "1", "--runs", "2"}, "--runs given 2 times"},
		{[]string{"bench", "--orders", "2", "--orders", "3"}, "--orders given 2 times"},
		{[]string{"list", "--json", "--json"}, "--json given 2 times"},
		{[]string{"serve", "--listen", "127.0.0.1:0", "--listen", "127.0.0.1:0"}, "--listen given 2 times"},
		{[]string{"clean", "--nats-url", "nats://127.0.0.1:1", "--nats-url", "nats://127.0.0.1:2"}, "--nats-url given 2 times"},
		{[]string{"resume", "--db", db, "--db", db}, "--db given 2 times"},
		// given empty
		{[]string{"run", "naive", "--db", ""}, "--db needs a value, got an empty one"},
		{[]string{"run", "naive", "--listen="}, "--listen needs a value, got an empty one"},
		{[]string{"run", "naive", "--nats-url", ""}, "--nats-url needs a value"},
		{[]string{"run", "naive", "--consumer", ""}, "--consumer needs a value"},
		{[]string{"run", "naive", "--listen", ":0", "--token", ""}, "--token needs a value"},
		{[]string{"run", "naive", "--format", "mermaid", "--slide", "--order", ""}, "--order needs a value"},
		{[]string{"run", "naive", "--fault", "commit=1*crash", "--fault", ""}, "--fault needs a value"},
		{[]string{"chaos", "--consumer", ""}, "--consumer needs a value"},
		{[]string{"serve", "--listen", ""}, "--listen needs a value"},
		{[]string{"serve", "--host-key", ""}, "--host-key needs a value"},
		{[]string{"serve", "--passphrase", ""}, "--passphrase needs a value"},
		{[]string{"serve", "--presenter-key", ""}, "--presenter-key needs a value"},
		{[]string{"resume", "--db", ""}, "--db needs a value"},
		{[]string{"replay", "--db="}, "--db needs a value"},
		// a file for a directory
		{[]string{"resume", "--db", file}, "cannot resume --db " + file + ": it is a file, not a directory"},
		{[]string{"replay", "--db", file}, "cannot replay --db " + file + ": it is a file, not a directory"},
	}
	for i, c := range cases {
		t.Run(strconv.Itoa(i)+" "+strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := runBounded(t, c.args...)
			if code != exitBadArgs {
				t.Errorf("exit status %d, want 2 (stderr %q)", code, stderr)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q: want one line containing %q", stderr, c.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
				t.Errorf("left behind %v", left)
			}
		})
	}
	if b, _ := os.ReadFile(file); string(b) != "the user's" {
		t.Errorf("the file --db named changed: %q", b)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a refused run made %s", db)
	}
}

// runBounded is runMain with a bound, so that input wrongly taken (serve
// started, a run begun) fails its case instead of running until the test
// binary's timeout.
func runBounded(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Terminal: func() bool { return false }}
	code = m.Run(ctx, args)
	return code, out.String(), errb.String()
}

// The flags meant to repeat still do, and a bool flag still needs no value.
func TestNewcomerRepeatableFlagsStillRepeat(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	code, stdout, stderr := runMain(t, "run", "naive", "--fault", "commit=1*error", "--fault", "publish=1*error", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit status %d: %s", code, stderr)
	}
	var rep struct {
		Faults []string `json:"faults"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || len(rep.Faults) != 2 {
		t.Fatalf("faults %v (%v), want the two given", rep.Faults, err)
	}
	code, stdout, stderr = runMain(t, "chaos", "--runs", "1", "--strategy", "naive", "--strategy", "outbox", "--format", "json")
	if code != exitOK {
		t.Fatalf("chaos: exit status %d: %s", code, stderr)
	}
	var ch struct {
		Strategies []json.RawMessage `json:"strategies"`
	}
	if err := json.Unmarshal([]byte(stdout), &ch); err != nil || len(ch.Strategies) != 2 {
		t.Fatalf("chaos: %d strategies (%v), want 2", len(ch.Strategies), err)
	}
	if code, _, stderr := runMain(t, "list", "--json"); code != exitOK {
		t.Fatalf("list --json: exit status %d: %s", code, stderr)
	}
}
