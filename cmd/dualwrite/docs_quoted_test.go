package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
)

// What README.md and the guides quote from a run is what the run prints.
// The lab's clock makes a run's trace, times included, a function of its
// seed, so the README's example is compared whole, only the temporary
// directory's name aside. docs_expected_test.go holds the strategy pages'
// "Expected output"; this file holds the rest.

// TestReadmeExampleIsARealRun: the trace and verdict under README's
// "## Example" are what the command above them prints.
func TestReadmeExampleIsARealRun(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(readme), "\n## Example\n")
	if !ok {
		t.Fatal("README.md has no ## Example")
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	m := regexp.MustCompile("(?s)`go run \\./cmd/dualwrite ([^`]*)`:\n\n```\n(.*?)```").FindStringSubmatch(sec)
	if m == nil {
		t.Fatal("README.md's example has no `go run ./cmd/dualwrite ...`: followed by its output")
	}
	code, out, errs := runMain(t, strings.Fields(m[1])...)
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", m[1], code, errs)
	}
	dir := regexp.MustCompile(`in \S*dualwrite-\d+;`)
	for _, d := range diffLines(dir.ReplaceAllString(m[2], "in DIR;"), dir.ReplaceAllString(out, "in DIR;")) {
		t.Errorf("README.md's example, line %d:\n README: %q\n the run: %q", d.line, d.page, d.run)
	}
}

// quotedVerdicts are the verdict blocks the guides and strategy pages quote
// outside an "## Expected output" section, with the run each one quotes.
var quotedVerdicts = []struct {
	page, section string
	args          []string
}{
	{"exercises", "## 2. A consumer-side duplicate under 2PC", []string{"run", "2pc", "--fault", "consumer.after-apply=1*crash"}},
	{"race", "### Shown: the versioned consumer", []string{"run", "race", "--consumer", "versioned"}},
}

func TestQuotedVerdictsOutsideExpectedOutput(t *testing.T) {
	block := regexp.MustCompile("(?s)```text\n(Verdict: .*?)```")
	listed := map[string]bool{}
	for _, q := range quotedVerdicts {
		page, _ := docs.Page(q.page)
		sec := section(page, q.section)
		b := block.FindStringSubmatch(sec)
		if b == nil {
			t.Errorf("docs/%s.md %q quotes no verdict any more: take it off this list", q.page, q.section)
			continue
		}
		listed[q.page+q.section] = true
		code, out, errs := runMain(t, q.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", q.args, code, errs)
		}
		for _, l := range strings.Split(strings.TrimRight(b[1], "\n"), "\n") {
			if !strings.Contains(out, l) {
				t.Errorf("docs/%s.md %q quotes\n%s\nwhich `dualwrite %s` does not print:\n%s", q.page, q.section, l, strings.Join(q.args, " "), verdictOf(out))
			}
		}
	}
	// A verdict quoted anywhere else is held by docs_expected_test.go, or
	// must be added to quotedVerdicts.
	for _, id := range docs.IDs() {
		page, _ := docs.Page(id)
		for _, h := range sectionHeadings(page) {
			if h == "## Expected output" || listed[id+h] {
				continue
			}
			if block.MatchString(sectionTo(page, h, 6)) { // its own text, not its subsections'
				t.Errorf("docs/%s.md %q quotes a verdict no test runs: add it to quotedVerdicts", id, h)
			}
		}
	}
}

// TestGuidesQuoteRealFigures: every figure a page quotes from a verdict in
// `backticks` or "quotes" (a lag line, a deduplicated line) is printed by one
// of the runs in its ```sh blocks: in exercises.md and workshop.md, those of
// its own section. Exercise 4 once quoted lags measured on the wall clock; on the lab's
// clock they are the same on every machine.
func TestGuidesQuoteRealFigures(t *testing.T) {
	quoted := regexp.MustCompile("[`\"]((?:lag commit→apply|deduplicated): [^`\"]+)[`\"]")
	sh := regexp.MustCompile("(?s)```sh\n(.*?)```")
	checked := 0
	for _, id := range docs.IDs() {
		page, _ := docs.Page(id)
		scopes := []string{""} // a strategy page: its quotes, its runs
		if id == docs.ExercisesID || id == docs.WorkshopID {
			scopes = sectionHeadings(page) // a guide: each section on its own
		}
		for _, h := range scopes {
			sec := page
			if h != "" {
				sec = section(page, h)
			}
			quotes := quoted.FindAllStringSubmatch(sec, -1)
			if len(quotes) == 0 {
				continue
			}
			var outs []string
			for _, b := range sh.FindAllStringSubmatch(sec, -1) {
				for _, line := range strings.Split(strings.TrimSpace(b[1]), "\n") {
					args := strings.Fields(strings.ReplaceAll(line, "'", ""))
					if len(args) < 2 || args[0] != "dualwrite" || args[1] != "run" {
						continue
					}
					code, out, errs := runMain(t, args[1:]...)
					if code != 0 {
						t.Fatalf("docs/%s.md: %s: exit %d: %s", id, line, code, errs)
					}
					outs = append(outs, out)
				}
			}
			for _, q := range quotes {
				checked++
				if !strings.Contains(strings.Join(outs, "\n"), q[1]) {
					t.Errorf("docs/%s.md %q quotes %q, which none of its section's runs prints", id, h, q[1])
				}
			}
		}
	}
	if checked < 4 {
		t.Errorf("checked %d quoted figures; the pages quote at least 4 (the pattern no longer finds them?)", checked)
	}
}

// TestExerciseOneRunsAreConsistent: exercise 1's answer says every one of
// its runs is CONSISTENT.
func TestExerciseOneRunsAreConsistent(t *testing.T) {
	page, _ := docs.Page(docs.ExercisesID)
	sec := section(page, "## 1. Make the outbox lose an event")
	if !strings.Contains(sec, "every one of these runs is\nCONSISTENT") {
		t.Fatal("exercise 1 no longer says every run is CONSISTENT: update this test")
	}
	b := regexp.MustCompile("(?s)```sh\n(.*?)```").FindStringSubmatch(sec)
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(b[1]), "\n") {
		args := strings.Fields(strings.ReplaceAll(line, "'", ""))
		if len(args) < 2 || args[1] != "run" {
			continue
		}
		n++
		code, out, errs := runMain(t, args[1:]...)
		if code != 0 || !strings.Contains(out, "Verdict: ✓ CONSISTENT") {
			t.Errorf("exercise 1: %s: exit %d, not CONSISTENT:\n%s%s", line, code, verdictOf(out), errs)
		}
	}
	if n < 4 {
		t.Errorf("exercise 1 has %d runs, want at least 4", n)
	}
}

// section returns the text under heading h, up to the next heading of the
// same or a higher level outside a code block.
func section(page, h string) string { return sectionTo(page, h, strings.Index(h, " ")) }

// sectionTo ends the section at the next heading of level at most level.
func sectionTo(page, h string, level int) string {
	_, rest, ok := strings.Cut(page, "\n"+h+"\n")
	if !ok {
		return ""
	}
	var out []string
	fence := false
	for _, l := range strings.Split(rest, "\n") {
		if strings.HasPrefix(l, "```") {
			fence = !fence
		}
		if n := strings.Index(l, "# "); !fence && n >= 0 && n+1 <= level && strings.Trim(l[:n+1], "#") == "" {
			break
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// sectionHeadings returns the page's ## and ### headings outside code blocks.
func sectionHeadings(page string) []string {
	var out []string
	fence := false
	for _, l := range strings.Split(page, "\n") {
		if strings.HasPrefix(l, "```") {
			fence = !fence
		}
		if !fence && (strings.HasPrefix(l, "## ") || strings.HasPrefix(l, "### ")) {
			out = append(out, l)
		}
	}
	return out
}
