package docs_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
	"github.com/dualwrite/dualwrite/scenarios"
)

// strategyTemplate is the headings every strategy page has, in this order.
var strategyTemplate = []string{
	"## The code path",
	"## Run it",
	"## Expected output",
	"## What goes wrong, and why",
	"## The fix",
	"## The trade-off",
	"## In production",
	"## Questions",
}

// benchPlaceholder stands where the concurrent bench figures will go.
const benchPlaceholder = "Concurrent bench figures: see `dualwrite bench --concurrent`"

func TestEveryStrategyHasAPage(t *testing.T) {
	for _, s := range scenarios.All() {
		page, ok := docs.Page(s.ID)
		if !ok {
			t.Errorf("no docs/%s.md for strategy %s", s.ID, s.ID)
			continue
		}
		if !strings.HasPrefix(docs.Title(page), s.ID) {
			t.Errorf("docs/%s.md: title %q does not start with the strategy id", s.ID, docs.Title(page))
		}
	}
}

func TestStrategyPagesFollowTheTemplate(t *testing.T) {
	for _, s := range scenarios.All() {
		page, _ := docs.Page(s.ID)
		sec := sections(page)
		var got []string
		for _, h := range headings(page) {
			if strings.HasPrefix(h, "## ") {
				got = append(got, h)
			}
		}
		if !slices.Equal(got, strategyTemplate) {
			t.Errorf("docs/%s.md: headings %q, want %q", s.ID, got, strategyTemplate)
			continue
		}
		if !strings.Contains(sec["## The code path"], "scenarios/"+s.File) {
			t.Errorf("docs/%s.md: the code path does not name scenarios/%s", s.ID, s.File)
		}
		if len(fenced(sec["## The code path"], "go")) == 0 {
			t.Errorf("docs/%s.md: the code path quotes no Go code", s.ID)
		}
		if len(fenced(sec["## Run it"], "sh")) == 0 {
			t.Errorf("docs/%s.md: Run it has no ```sh block", s.ID)
		}
		verdicts := 0
		for _, b := range fenced(sec["## Expected output"], "text") {
			if strings.HasPrefix(b, "Verdict: ") {
				verdicts++
			}
		}
		if verdicts == 0 || !strings.Contains(sec["## Expected output"], "seed") {
			t.Errorf("docs/%s.md: the expected output has no verdict block, or does not say which seed", s.ID)
		}
		if !strings.Contains(sec["## The trade-off"], benchPlaceholder) {
			t.Errorf("docs/%s.md: the trade-off lacks the line %q", s.ID, benchPlaceholder)
		}
		checkQuestions(t, s.ID, sec["## Questions"])
	}
}

// checkQuestions wants three questions, **Q1.** to **Q3.**, each followed by
// its answer A1. to A3.
func checkQuestions(t *testing.T, id, sec string) {
	t.Helper()
	at := -1
	for n := 1; n <= 3; n++ {
		q := strings.Index(sec, "**Q"+strconv.Itoa(n)+". ")
		a := strings.Index(sec, "\nA"+strconv.Itoa(n)+". ")
		if q < 0 || a < 0 || !(at < q && q < a) {
			t.Errorf("docs/%s.md: question %d and its answer are missing or out of order", id, n)
			return
		}
		at = a
	}
	if strings.Contains(sec, "**Q4. ") {
		t.Errorf("docs/%s.md: more than three questions", id)
	}
}

// Every line of Go quoted on a strategy page is a line of the scenarios'
// code, so the page cannot drift from what runs.
func TestQuotedCodeIsRealCode(t *testing.T) {
	var lines []string
	for _, s := range scenarios.All() {
		for _, l := range strings.Split(s.Source(), "\n") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	for _, s := range scenarios.All() {
		page, _ := docs.Page(s.ID)
		for _, b := range fenced(page, "go") {
			for _, l := range strings.Split(b, "\n") {
				l = strings.TrimSpace(l)
				if l != "" && !slices.Contains(lines, l) {
					t.Errorf("docs/%s.md quotes a line that is in no strategy's file: %q", s.ID, l)
				}
			}
		}
	}
}

// Every line of every ```sh block is a command a reader can paste.
func TestEveryShellLineIsAValidCommand(t *testing.T) {
	n := 0
	for _, id := range docs.IDs() {
		page, _ := docs.Page(id)
		for _, b := range fenced(page, "sh") {
			for _, l := range strings.Split(b, "\n") {
				if strings.TrimSpace(l) == "" {
					continue
				}
				n++
				if err := checkCommand(l); err != nil {
					t.Errorf("docs/%s.md: %q: %v", id, l, err)
				}
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d commands in the pages' ```sh blocks", n)
	}
}

func TestTheCommandCheckerRefusesBadCommands(t *testing.T) {
	for _, bad := range []string{
		"dualwrite run nosuch",
		"dualwrite run naive --fault 'relay.after-publish=1*crash'", // not a point of naive
		"dualwrite run naive --fault after-commit=1*crash",          // the shell globs 1*crash
		"dualwrite run naive --fault 'publish=broker-down(200ms'",   // malformed term
		"dualwrite run naive --wrkload lifecycle",
		"dualwrite run naive --workload all",
		"dualwrite chaos --strategy nosuch",
		"dualwrite resume --db /tmp/x",
		"dualwrite run",
		"kill -9 1234",
		"dualwrite run naive --fault 'commit=1*error",
	} {
		if checkCommand(bad) == nil {
			t.Errorf("%q passed the command check", bad)
		}
	}
	for _, good := range []string{
		"dualwrite",
		"go run ./cmd/dualwrite run outbox --orders 200 --interval 5ms --db /tmp/dw",
		"dualwrite chaos --runs 20 --workload lifecycle --strategy cdc-polling",
		"dualwrite run 2pc --fault 'coordinator.after-prepare=1*crash' --format=json",
		"dualwrite list --json",
	} {
		if err := checkCommand(good); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
}

func TestGuides(t *testing.T) {
	for _, id := range docs.Guides() {
		page, ok := docs.Page(id)
		if !ok || docs.Title(page) == "" {
			t.Errorf("the guide %s is missing or has no title", id)
		}
	}
	for _, id := range docs.IDs() {
		if _, err := scenarios.Lookup(id); err != nil && !slices.Contains(docs.Guides(), id) {
			t.Errorf("docs/%s.md is neither a strategy's page nor a guide", id)
		}
	}
	if _, ok := docs.Page("no-such-page"); ok {
		t.Fatal("Page found a page that does not exist")
	}
	concepts, _ := docs.Page(docs.ConceptsID)
	for _, h := range []string{"## Eventual consistency", "## CAP", "## At-least-once delivery", "## Idempotency",
		"## Ordering per key", "## Outbox cleanup", "## Polling publisher and transaction log tailing"} {
		if !strings.Contains(concepts, "\n"+h) {
			t.Errorf("docs/concepts.md has no section %q", h)
		}
	}
	for _, term := range []string{"idempotency key", "partition key", "inbox"} {
		if !strings.Contains(strings.ToLower(concepts), term) {
			t.Errorf("docs/concepts.md never says %q", term)
		}
	}
	exercises, _ := docs.Page(docs.ExercisesID)
	if n := len(regexp.MustCompile(`(?m)^## [1-9]\. `).FindAllString(exercises, -1)); n != 6 {
		t.Errorf("docs/exercises.md has %d exercises, want 6", n)
	}
	if n := strings.Count(exercises, "**Answer.**"); n != 6 {
		t.Errorf("docs/exercises.md has %d answers, want 6", n)
	}
}

// The workshop's run sheet adds up to 60 minutes with a 5-minute buffer,
// and every section of the sheet is a section of the page.
func TestWorkshopRunSheet(t *testing.T) {
	w := docs.Workshop()
	row := regexp.MustCompile(`(?m)^\| (\d+):(\d\d) \| (\d+) \| (.+) \|$`)
	total, at, buffer := 0, 0, 0
	rows := row.FindAllStringSubmatch(w, -1)
	if len(rows) < 5 {
		t.Fatalf("the workshop has no run sheet (found %d rows)", len(rows))
	}
	for _, r := range rows {
		h, _ := strconv.Atoi(r[1])
		m, _ := strconv.Atoi(r[2])
		mins, _ := strconv.Atoi(r[3])
		if h*60+m != at {
			t.Errorf("%q starts at %s:%s, want %d:%02d", r[4], r[1], r[2], at/60, at%60)
		}
		at += mins
		total += mins
		name := r[4]
		if name == "Buffer" {
			buffer = mins
			continue
		}
		if num, _, ok := strings.Cut(name, ". "); ok && len(num) == 1 {
			if !strings.Contains(w, "\n## "+name+" ("+r[3]+" min)") {
				t.Errorf("the run sheet's %q (%s min) has no section \"## %s (%s min)\"", name, r[3], name, r[3])
			}
		}
	}
	if total != 60 || buffer != 5 {
		t.Errorf("the run sheet adds up to %d minutes with a buffer of %d, want 60 and 5", total, buffer)
	}
	for _, want := range []string{"dualwrite compare", "## Answers to the framing questions", "--workload lifecycle", "dualwrite resume --db", "## If a laptop fails"} {
		if !strings.Contains(w, want) {
			t.Errorf("the workshop never says %q", want)
		}
	}
}

// Corrected errors stay corrected.
func TestNoKnownWrongSentences(t *testing.T) {
	wrong := map[string][]string{
		// A crash by hand (c) draws ✗ CRASH, not the ⚡ FAULT of a fault point.
		"":            {"Nothing is simulated except", "is the floor of", "Press `c`. Point at the FAULT marker"},
		"2pc":         {"only the order", "brokers do not take part", "never take part"},
		"cdc":         {"# cdc: log-based"},
		"cdc-polling": {"floor of the lag"},
	}
	for _, id := range docs.IDs() {
		page, _ := docs.Page(id)
		for _, s := range append(wrong[""], wrong[id]...) {
			if strings.Contains(page, s) {
				t.Errorf("docs/%s.md says %q again", id, s)
			}
		}
		if n := strings.Count(strings.ToLower(page), "zombie"); n > 1 {
			t.Errorf("docs/%s.md says \"zombie\" %d times: say lost event; name the term once at most", id, n)
		}
	}
}

// headings are the page's Markdown headings outside code blocks.
func headings(page string) []string {
	var hs []string
	fence := false
	for _, l := range strings.Split(page, "\n") {
		if strings.HasPrefix(l, "```") {
			fence = !fence
		}
		if !fence && strings.HasPrefix(l, "#") {
			hs = append(hs, l)
		}
	}
	return hs
}

// sections maps each "## " heading to the text under it.
func sections(page string) map[string]string {
	out := map[string]string{}
	cur := ""
	fence := false
	for _, l := range strings.Split(page, "\n") {
		if strings.HasPrefix(l, "```") {
			fence = !fence
		}
		if !fence && strings.HasPrefix(l, "## ") {
			cur = l
			continue
		}
		if cur != "" {
			out[cur] += l + "\n"
		}
	}
	return out
}

// fenced returns the bodies of the ```lang blocks of text.
func fenced(text, lang string) []string {
	var out []string
	var cur []string
	in := false
	for _, l := range strings.Split(text, "\n") {
		switch {
		case !in && l == "```"+lang:
			in, cur = true, nil
		case in && l == "```":
			in = false
			out = append(out, strings.Join(cur, "\n"))
		case in:
			cur = append(cur, l)
		}
	}
	return out
}
