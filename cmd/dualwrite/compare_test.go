package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// TestCompareJSON runs the whole catalog for real: every cell meets its
// expectation, and every expectation of every strategy has its cell.
func TestCompareJSON(t *testing.T) {
	code, stdout, stderr := runMain(t, "compare", "--format", "json")
	var out struct {
		Cells []struct {
			Strategy, Column, Expected, Measured, Mismatch, Error, Command string
			Faults                                                         []string
			Match                                                          bool
		}
		Matched, Differ int
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("exit %d, stderr %q: %v\n%s", code, stderr, err, stdout)
	}
	for _, c := range out.Cells {
		if !c.Match {
			t.Errorf("%s × %s %v: measured %q, expected %q: %s%s", c.Strategy, c.Column, c.Faults, c.Measured, c.Expected, c.Mismatch, c.Error)
		}
		if !strings.HasPrefix(c.Command, "dualwrite run "+c.Strategy+" --seed 1") {
			t.Errorf("command %q", c.Command)
		}
	}
	want := 0
	for _, s := range scenarios.All() {
		want += len(s.Expect)
	}
	if len(out.Cells) != want || out.Matched != want || out.Differ != 0 {
		t.Errorf("%d cells, %d matched, %d differ; the catalog has %d expectations", len(out.Cells), out.Matched, out.Differ, want)
	}
	if t.Failed() {
		return
	}
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q: want 0 and nothing when every cell matches", code, stderr)
	}
}

// fakeCells are cells as if run: one per expectation of the first two
// strategies, met, except one whose run showed nothing.
func fakeCells(t *testing.T) []scenarios.Cell {
	t.Helper()
	var cells []scenarios.Cell
	for _, c := range scenarios.Cells() {
		if c.Row > 1 {
			continue
		}
		w := c.Expect.Want
		rep := &lab.Report{Strategy: c.Strategy.ID, Settled: true, Verdict: check.Verdict{
			Anomalies: check.Anomalies{Lost: w.Lost, Ghost: w.Ghost, Duplicate: w.Duplicate, Reordered: w.Reordered, DoubleOrder: w.DoubleOrder}}}
		rep.Deduplicated = w.Deduplicated
		if w.Ambiguous {
			rep.Ambiguous = []string{"o-1"}
		}
		c.Report = rep
		if len(cells) == 2 {
			rep.Anomalies = check.Anomalies{}
			rep.Ambiguous = nil
		}
		c.Mismatch = scenarios.Mismatch(w, rep)
		cells = append(cells, c)
	}
	if cells[2].Mismatch == "" {
		t.Fatalf("the third cell of the catalog is expected consistent; pick another to break")
	}
	return cells
}

func TestCompareMarksMismatch(t *testing.T) {
	cells := fakeCells(t)
	// Cells come in the order runs finish; the matrix is in catalog order.
	cells[0], cells[len(cells)-1] = cells[len(cells)-1], cells[0]
	mx := newMatrix(cells)
	if mx.rows[0] != "naive" || mx.cols[0] != "no fault" {
		t.Errorf("rows %v cols %v: want the catalog's order, fault-free first", mx.rows, mx.cols)
	}
	if err := mx.verdict(); err == nil || !strings.Contains(err.Error(), "1 of") {
		t.Errorf("verdict %v: want one run that differs", err)
	}

	var text strings.Builder
	mx.writeText(&text, 0)
	out := text.String()
	for _, want := range []string{"✗ consistent", "  lost ≥1 ?", "✓ ghost 1", "Where a run differs from the catalog", "dualwrite run naive --seed 1 --fault"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > tableWidth {
			t.Errorf("line of %d columns, want at most %d: %q", n, tableWidth, line)
		}
	}

	var md strings.Builder
	mx.writeMarkdown(&md)
	if !strings.HasPrefix(md.String(), "| strategy | no fault |") || !strings.Contains(md.String(), "| **naive** |") ||
		!strings.Contains(md.String(), "✗ consistent (want lost ≥1 ?)") {
		t.Errorf("markdown:\n%s", md.String())
	}
}

func TestColumns(t *testing.T) {
	for _, c := range []struct {
		e    scenarios.Expectation
		want string
	}{
		{scenarios.Expectation{}, "no fault"},
		{scenarios.Expectation{Lifecycle: true}, "no fault (lifecycle)"},
		{scenarios.Expectation{Faults: []string{"after-commit=1*crash"}}, "service crash"},
		{scenarios.Expectation{Faults: []string{"relay.after-publish=1*crash"}}, "relay crash"},
		{scenarios.Expectation{Faults: []string{"commit=1*error"}}, "commit error"},
		{scenarios.Expectation{Faults: []string{"relay.publish=broker-down(300ms)"}}, "broker down"},
		{scenarios.Expectation{Faults: []string{"publish=1*ack-lost", "consumer.after-apply=crash"}}, "ack lost + consumer crash"},
	} {
		if got := c.e.Column(); got != c.want {
			t.Errorf("%v: column %q, want %q", c.e.Faults, got, c.want)
		}
	}
}

// The text and the Markdown give each cell the whole command that makes it
// again: for a cell that needs --retry, --consumer, --workload, --max-deliver
// or --consumers, the fault alone would make another run.
func TestCompareNamesEachCellsCommand(t *testing.T) {
	var cells []scenarios.Cell
	for _, c := range scenarios.Cells() {
		c.Report = &lab.Report{Strategy: c.Strategy.ID, Settled: true}
		cells = append(cells, c)
	}
	mx := newMatrix(cells)
	var text, md strings.Builder
	mx.writeText(&text, 0)
	mx.writeMarkdown(&md)
	extra := 0
	for _, c := range cells {
		sp, err := c.Spec()
		if err != nil {
			t.Fatal(err)
		}
		cmd := sp.Command()
		if !strings.Contains(text.String(), "\n      "+cmd+"\n") {
			t.Errorf("text lacks the line %q", cmd)
		}
		if !strings.Contains(md.String(), "\n  - `"+cmd+"`\n") {
			t.Errorf("markdown lacks the item `%s`", cmd)
		}
		if len(c.Expect.Faults) > 0 && (sp.Retry > 0 || sp.Lifecycle || sp.MaxDeliver > 0 || sp.Consumers > 1 || sp.Consumer != "") {
			extra++
		}
	}
	if extra == 0 {
		t.Errorf("no cell of the catalog needs more than its fault: the test checks nothing")
	}
	for _, line := range strings.Split(text.String(), "\n") {
		if n := utf8.RuneCountInString(line); n > tableWidth {
			t.Errorf("line of %d columns, want at most %d: %q", n, tableWidth, line)
		}
	}
}

// A run that could not be made measured nothing: compare says it could not
// be made, not that it differs from the catalog.
func TestCompareSaysWhatCouldNotBeMade(t *testing.T) {
	cells := fakeCells(t) // the third differs
	cells[0].Err, cells[0].Report = errors.New("make a temporary directory: no space left"), nil
	mx := newMatrix(cells)
	made := len(cells) - 1
	err := mx.verdict()
	if err == nil || err.Error() != fmt.Sprintf("1 of %d runs differ from the catalog's expectations and 1 could not be made", len(cells)) {
		t.Errorf("verdict %v", err)
	}
	var text strings.Builder
	mx.writeText(&text, 0)
	for _, want := range []string{
		fmt.Sprintf("\n%d runs in 0s, up to %d at once: %d as expected, 1 not, 1 could not be made.\n", made, parallelism(0), made-1),
		"\nWhere a run differs from the catalog or could not be made:\n",
		"the run could not be made: make a temporary directory: no space left",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	var js strings.Builder
	if err := mx.writeJSON(&js, 0); err != nil {
		t.Fatal(err)
	}
	var out struct{ Matched, Differ, Failed int }
	if err := json.Unmarshal([]byte(js.String()), &out); err != nil {
		t.Fatal(err)
	}
	if out.Matched != made-1 || out.Differ != 2 || out.Failed != 1 {
		t.Errorf("json matched %d differ %d failed %d: want %d, 2, 1", out.Matched, out.Differ, out.Failed, made-1)
	}
	for i := range cells {
		cells[i].Err, cells[i].Mismatch, cells[i].Report = errors.New("no TMPDIR"), "", nil
	}
	if err := newMatrix(cells).verdict(); err == nil || err.Error() != fmt.Sprintf("none of the %d runs could be made", len(cells)) {
		t.Errorf("verdict of no run made: %v", err)
	}
}
