package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// cliReport runs dualwrite with args, which must exit 0, and decodes the one
// JSON report its stdout holds into rep.
func cliReport(t *testing.T, rep any, args ...string) {
	t.Helper()
	code, out, errs := dwRun(t, args...)
	if code != 0 {
		t.Fatalf("dualwrite %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	if err := json.Unmarshal([]byte(out), rep); err != nil {
		t.Fatalf("dualwrite %s: stdout is not one JSON report: %v", strings.Join(args, " "), err)
	}
}

// lineDiff is a line where a page and a run differ; a line one of them does
// not have is "".
type lineDiff struct {
	line      int // from 1
	page, run string
}

// diffLines compares a page's quote of a run with the run's output, line
// for line, trailing newlines aside.
func diffLines(page, run string) []lineDiff {
	want := strings.Split(strings.TrimRight(page, "\n"), "\n")
	got := strings.Split(strings.TrimRight(run, "\n"), "\n")
	var out []lineDiff
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			out = append(out, lineDiff{i + 1, w, g})
		}
	}
	return out
}

func TestDiffLines(t *testing.T) {
	if d := diffLines("a\nb\n", "a\nb"); len(d) != 0 {
		t.Errorf("equal but for the trailing newline: %v", d)
	}
	d := diffLines("a\nb\nc", "a\nx")
	if len(d) != 2 || d[0] != (lineDiff{2, "b", "x"}) || d[1] != (lineDiff{3, "c", ""}) {
		t.Errorf("diff %v: want line 2 b/x and line 3 c/(none)", d)
	}
	if d := diffLines("a", "a\nmore"); len(d) != 1 || d[0] != (lineDiff{2, "", "more"}) {
		t.Errorf("a line only the run has: %v", d)
	}
}
