package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/scenarios"
)

type chaosOut struct {
	Seed       int64
	Runs       int
	Strategies []struct {
		Strategy     string
		Runs, Done   int
		RunsWith     map[string]int `json:"runs_with"`
		Anomalies    map[string]int
		Inconsistent int
		Failed       int
		First        map[string]struct {
			Run        int
			Seed       int64
			Faults     []string
			Command    string
			Reproduced *bool
		}
	}
}

func runChaos(t *testing.T, args ...string) chaosOut {
	t.Helper()
	code, stdout, stderr := runMain(t, append([]string{"chaos", "--format", "json"}, args...)...)
	var out chaosOut
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("exit %d, stderr %q: %v", code, stderr, err)
	}
	failed := 0
	for _, s := range out.Strategies {
		failed += s.Failed
	}
	if (code != 0) != (failed > 0) {
		t.Errorf("exit %d with %d failed runs (stderr %q): want 1 exactly when the lab failed a run", code, failed, stderr)
	}
	return out
}

// TestChaosRepeatable: the same campaign seed gives the same runs, the same
// counts and the same first witnesses.
func TestChaosRepeatable(t *testing.T) {
	args := []string{"--runs", "25", "--seed", "9", "--strategy", "naive", "--strategy", "outbox"}
	a, b := runChaos(t, args...), runChaos(t, args...)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two campaigns with seed 9 differ:\n%+v\n%+v", a, b)
	}
	if len(a.Strategies) != 2 || a.Strategies[0].Strategy != "naive" || a.Strategies[0].Done != 25 {
		t.Fatalf("%+v", a)
	}
	if a.Strategies[0].Inconsistent == 0 {
		t.Errorf("naive: no anomaly in 25 runs with faults: %+v", a.Strategies[0])
	}
	c := runChaos(t, "--runs", "25", "--seed", "10", "--strategy", "naive")
	if reflect.DeepEqual(a.Strategies[0], c.Strategies[0]) {
		t.Errorf("seeds 9 and 10 made the same campaign: the seed is not used")
	}
}

// TestChaosReproduces runs the command chaos printed for each anomaly it
// found, as a user would paste it, and gets the anomaly again.
func TestChaosReproduces(t *testing.T) {
	out := runChaos(t, "--runs", "20", "--seed", "3", "--strategy", "naive", "--strategy", "publish-first")
	n := 0
	for _, s := range out.Strategies {
		for kind, w := range s.First {
			if w.Reproduced == nil || !*w.Reproduced {
				t.Errorf("%s %s: chaos could not reproduce %s", s.Strategy, kind, w.Command)
				continue
			}
			args := shellWords(t, w.Command)
			if args[0] != "dualwrite" {
				t.Fatalf("command %q", w.Command)
			}
			code, stdout, stderr := runMain(t, append(args[1:], "--format", "json")...)
			var rep struct{ Anomalies map[string]int }
			if code != 0 || json.Unmarshal([]byte(stdout), &rep) != nil {
				t.Fatalf("%s: exit %d: %s", w.Command, code, stderr)
			}
			if rep.Anomalies[kind] == 0 {
				t.Errorf("%s: no %s, anomalies %v", w.Command, kind, rep.Anomalies)
			}
			n++
		}
	}
	if n < 2 {
		t.Errorf("only %d anomalies to reproduce: %+v", n, out)
	}
}

// shellWords splits a command as a POSIX shell would, for the quoting that
// Spec.Command uses: words split at spaces, single quotes kept together.
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	quoted, inWord := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quote in %q", s)
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// TestChaosProgress: on a terminal the progress line is redrawn in place;
// otherwise each strategy gets one plain line when it is done.
func TestChaosProgress(t *testing.T) {
	for _, term := range []bool{true, false} {
		var out, errb bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Terminal: func() bool { return term }}
		if code := m.Run(context.Background(), []string{"chaos", "--runs", "4", "--strategy", "naive", "--strategy", "outbox"}); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		progress := errb.String()
		if term && (!strings.Contains(progress, "\rnaive") || !strings.Contains(progress, "\x1b[2A\rnaive") ||
			!strings.Contains(progress, "█") || !strings.Contains(progress, "\routbox        ▕████████████████████▏ 4/4")) {
			t.Errorf("terminal progress %q: want a line per strategy, redrawn in place", progress)
		}
		if !term && (strings.Contains(progress, "\r") || strings.Count(progress, "\n") != 2 || !strings.Contains(progress, "chaos: naive: 4 runs")) {
			t.Errorf("plain progress %q: want one line per strategy", progress)
		}
		for _, want := range []string{"dualwrite chaos · seed 1 · 4 runs per strategy", "naive", "outbox", "runs (anomalies)"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("report lacks %q:\n%s", want, out.String())
			}
		}
	}
}

func TestBadInputCampaigns(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"chaos", "--runs", "0"}, "bad --runs 0: need at least 1"},
		{[]string{"chaos", "--runs", "-3"}, "bad --runs -3: need at least 1"},
		{[]string{"chaos", "--runs", "many"}, "invalid value"},
		{[]string{"chaos", "--strategy", "nope"}, `unknown strategy "nope": valid strategies are naive, publish-first`},
		{[]string{"chaos", "--format", "xml"}, "valid values are text, json"},
		{[]string{"chaos", "--workload", "pay"}, "valid values are place, lifecycle, mixed"},
		{[]string{"chaos", "naive"}, "--strategy ID"},
		{[]string{"chaos", "--db", "/tmp/x"}, "--db, --listen and --nats-url are for one run"},
		{[]string{"compare", "--nats-url", "nats://127.0.0.1:4222"}, "--db, --listen and --nats-url are for one run"},
		{[]string{"compare", "--format", "xml"}, "valid values are text, markdown, json"},
		{[]string{"compare", "naive"}, "compare takes no arguments"},
		{[]string{"bench", "--format", "csv"}, "valid values are text, json"},
		{[]string{"bench", "--orders", "1"}, "bad --orders 1"},
		{[]string{"bench", "--strategy", "nope"}, `unknown strategy "nope"`},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := runMain(t, c.args...)
			if code != 2 || stdout != "" {
				t.Errorf("exit %d, stdout %q: want 2 and nothing", code, stdout)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q: want one line containing %q", stderr, c.want)
			}
		})
	}
}

// A progress line never wraps on an 80-column terminal, whatever --runs and
// the counts: the redraw moves up one line per strategy.
func TestChaosProgressLineFits(t *testing.T) {
	rows := []scenarios.ChaosResult{
		{Strategy: "outbox", Runs: 4, Done: 4},
		{Strategy: "outbox-dedup", Runs: 1000, Done: 1000, RunsWith: check.Anomalies{Lost: 412, Ghost: 300, Duplicate: 250, Reordered: 100}},
	}
	most := 999_999
	for _, id := range scenarios.IDs() {
		rows = append(rows, scenarios.ChaosResult{Strategy: id, Runs: 1_000_000, Done: most,
			RunsWith: check.Anomalies{Lost: most, Ghost: most, Duplicate: most, Reordered: most}})
	}
	for _, r := range rows {
		line := progressLine(r)
		if n := utf8.RuneCountInString(line); n >= 80 {
			t.Errorf("%d columns: %q", n, line)
		}
		if !strings.HasPrefix(line, r.Strategy) || !strings.Contains(line, fmt.Sprintf("%d/%d", r.Done, r.Runs)) ||
			!strings.HasSuffix(line, fmt.Sprintf("reord %d", r.RunsWith.Reordered)) {
			t.Errorf("%q: want the strategy, its runs done and every count", line)
		}
	}
}

// Runs the lab failed measured nothing: chaos does not count them as runs
// made, so a campaign whose runs all failed does not read as a clean one.
func TestChaosCountsFailedRunsApart(t *testing.T) {
	r := scenarios.ChaosResult{Strategy: "naive", Runs: 3, Done: 3, Failed: 2, Inconsistent: 1,
		RunsWith: check.Anomalies{Lost: 1}, Anomalies: check.Anomalies{Lost: 2},
		FirstError: "make a temporary directory: no space left", FirstFailed: &scenarios.Witness{Run: 1, Command: "dualwrite run naive --seed 7"}}
	var text strings.Builder
	writeChaos(&text, &scenarios.Chaos{Runs: 3, Seed: 1, Orders: 4, Workload: "place"}, []scenarios.ChaosResult{r}, 0, false)
	for _, want := range []string{
		"\nnaive               1  ✗ 1 (2) 100.0%",
		"\n1 run in 0s (and 2 that failed in the lab), up to",
		"naive: 2 runs failed in the lab",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, text.String())
		}
	}
	var plain strings.Builder
	newProgress(&plain, false, nil, 3).update(r)
	if want := "chaos: naive: 1 run, 1 inconsistent (runs with lost 1 · ghost 0 · duplicate 0 · reordered 0), 2 more failed in the lab\n"; plain.String() != want {
		t.Errorf("progress %q, want %q", plain.String(), want)
	}
}
