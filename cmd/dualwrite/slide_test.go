package main

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/trace"
)

// Slides of real runs keep the syntax rules trace.CheckSlide enforces, and
// name the order's finding in the closing note.
func TestSlideOfARealRun(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"run", "outbox", "--fault", "relay.after-publish=1*crash", "--format", "mermaid", "--slide"},
			[]string{"⚡ fault relay.after-publish=crash", "✗ duplicate: o-1 was shipped 2 times"}},
		{[]string{"run", "naive", "--fault", "after-commit=1*crash", "--format", "mermaid", "--slide"},
			[]string{"⚡ fault after-commit=crash", "✗ lost: o-1"}},
		{[]string{"run", "2pc", "--fault", "coordinator.after-prepare=1*crash", "--format", "mermaid", "--slide", "--order", "o-1"},
			[]string{"participant coordinator_db as coordinator.db", "✓ o-1 is consistent"}},
		{[]string{"run", "outbox", "--format", "mermaid", "--slide", "--order", "o-2"},
			[]string{"✓ o-2 is consistent"}},
	} {
		code, out, errs := runMain(t, c.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, errs)
		}
		if err := trace.CheckSlide(out); err != nil {
			t.Errorf("%v: %v:\n%s", c.args, err, out)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: the slide lacks %q:\n%s", c.args, w, out)
			}
		}
	}
}

func TestSlideBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "naive", "--slide"}, "--slide and --order need --format mermaid"},
		{[]string{"run", "naive", "--format", "mermaid", "--order", "o-1"}, "--order picks the order of a --slide"},
		{[]string{"run", "naive", "--format", "mermaid", "--slide", "--order", "o-9"}, `bad --order "o-9": the run has orders o-1 to o-3`},
	} {
		code, _, errs := runMain(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, errs, c.want)
		}
	}
}

// Without --order a slide follows the first order a finding names.
func TestSlideFollowsTheFinding(t *testing.T) {
	rep := &lab.Report{Orders: 2, Trace: []trace.Event{
		{Actor: trace.Service, Target: trace.SQLite, Step: "commit", Order: "o-1", Detail: "COMMIT o-1"},
		{Actor: trace.Service, Target: trace.SQLite, Step: "commit", Order: "o-2", Detail: "COMMIT o-2"},
	}}
	rep.Findings = []check.Finding{{Kind: check.Lost, Order: "o-2", Explanation: "o-2 never arrived"}}
	var b strings.Builder
	if err := writeSlide(&b, rep, ""); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.Contains(out, "COMMIT o-2") || strings.Contains(out, "COMMIT o-1") || !strings.Contains(out, "✗ lost: o-2 never arrived") {
		t.Fatalf("the slide does not follow o-2:\n%s", out)
	}
}
