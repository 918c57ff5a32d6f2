package main

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/docs"
	"github.com/dualwrite/dualwrite/lab"
)

// proseClaims are outcomes the pages state in words, outside any quoted
// verdict block (docs_expected_test.go and docs_quoted_test.go hold those):
// "gives lost 1 and ambiguous o-1", "the same seed ends consistent". Each
// names the words on its page, the run they describe, and what the run's
// JSON report must hold for the words to be true.
var proseClaims = []proseClaim{
	{"naive", "`--fault publish=1*error` gives lost 1 and ambiguous o-1",
		[]string{"run", "naive", "--fault", "publish=1*error"}, outcome{lost: 1, ambiguous: []string{"o-1"}}},
	{"naive", "`--fault commit=1*error` is CONSISTENT",
		[]string{"run", "naive", "--fault", "commit=1*error"}, outcome{consistent: true}},
	{"publish-first", "`--fault publish=1*error` is CONSISTENT: nothing was written yet",
		[]string{"run", "publish-first", "--fault", "publish=1*error"}, outcome{consistent: true}},
	{"2pc", "it waited 221ms for the lock, committed, and its caller was told ok",
		[]string{"run", "2pc", "--fault", "coordinator.after-prepare=1*crash"}, outcome{consistent: true, blockedMs: 221}},
	{"2pc", "`--fault coordinator.after-decision=1*crash` blocks as long (221ms on the lab's clock)",
		[]string{"run", "2pc", "--fault", "coordinator.after-decision=1*crash"}, outcome{consistent: true, blockedMs: 221, ambiguous: []string{"o-1"}}},
	{"cdc", "With `--consumer plain` the same crash ships o-1 twice, a **duplicate**",
		[]string{"run", "cdc", "--fault", "consumer.after-apply=1*crash", "--consumer", "plain"}, outcome{duplicate: 1, findingOn: "o-1"}},
	{"outbox-dedup", "with `--retry 1` and `reply=1*ack-lost` the caller retries a placement whose answer it lost, and the service places the order again, a `double-order` (o-2 for the request that placed o-1)",
		[]string{"run", "outbox-dedup", "--retry", "1", "--fault", "reply=1*ack-lost"}, outcome{doubleOrder: 1, findingOn: "o-2", ambiguous: []string{"o-1"}}},
	{"outbox-dedup", "`--idempotency-key` fixes it on the service's side",
		[]string{"run", "outbox-dedup", "--retry", "1", "--fault", "reply=1*ack-lost", "--idempotency-key"}, outcome{consistent: true}},
	{"concepts", "Without a key the retry is a new request to the service: it names a new order and commits it",
		[]string{"run", "naive", "--fault", "reply=1*ack-lost", "--retry", "1"}, outcome{doubleOrder: 1, findingOn: "o-2", ambiguous: []string{"o-1"}}},
	{"concepts", "A retry whose key is stored is answered from the stored result",
		[]string{"run", "naive", "--fault", "reply=1*ack-lost", "--retry", "1", "--idempotency-key"}, outcome{consistent: true}},
	{"exercises", "`naive` is CONSISTENT but o-1 is **ambiguous**",
		[]string{"run", "naive", "--fault", "publish=1*ack-lost"}, outcome{consistent: true, ambiguous: []string{"o-1"}}},
	{"exercises", "`publish-in-tx` reports a **ghost**",
		[]string{"run", "publish-in-tx", "--fault", "publish=1*ack-lost"}, outcome{ghost: 1, findingOn: "o-1"}},
	{"exercises", "Even `after-commit=crash` on every order only makes every caller's outcome ambiguous",
		[]string{"run", "outbox", "--fault", "after-commit=crash"}, outcome{consistent: true, ambiguous: []string{"o-1", "o-2", "o-3"}}},
	{"exercises", "add `--workload lifecycle` and both lose the cancels, whatever the interval",
		[]string{"run", "cdc-polling", "--orders", "20", "--interval", "20ms", "--poll-interval", "200ms", "--workload", "lifecycle"}, outcome{lostSome: true}},
	{"exercises", "add `--workload lifecycle` and both lose the cancels, whatever the interval",
		[]string{"run", "cdc-polling", "--orders", "20", "--interval", "20ms", "--poll-interval", "10ms", "--workload", "lifecycle"}, outcome{lostSome: true}},
	{"ordering", "The verdict says `reordered` (shipping applied v2, v1) and `duplicate` (o-1 was shipped twice)",
		[]string{"run", "outbox", "--workload", "lifecycle", "--consumers", "4"}, outcome{duplicate: 1, reordered: 1, findingOn: "o-1"}},
	{"ordering", "The same seed ends consistent.",
		[]string{"run", "outbox", "--workload", "lifecycle", "--consumers", "4", "--partitions", "4"}, outcome{consistent: true}},
	{"publish-first", "The commit-to-apply lag in the verdict can be negative.",
		[]string{"run", "publish-first"}, outcome{consistent: true, lagNegative: true}},
	{"workshop", "`esc`, `1` (no fault), `r`. Point at the lag line: negative.",
		[]string{"run", "publish-in-tx", "--seed", "1", "--orders", "1"}, outcome{consistent: true, lagNegative: true}},
	{"poison", "Nothing is called `lost`: the events are all still in the stream. The run is not consistent",
		[]string{"run", "outbox", "--fault", "consumer.before-apply=1*poison"}, outcome{blockedOn: "o-1"}},
	{"poison", "The verdict names the order as `parked`, not lost",
		[]string{"run", "outbox", "--max-deliver", "3", "--fault", "consumer.before-apply=1*poison"}, outcome{parked: "o-1"}},
}

type proseClaim struct {
	page, says string
	args       []string
	want       outcome
}

// outcome is what a claim needs of a run's report. Counts not named are
// zero; consistent is the verdict's own flag.
type outcome struct {
	consistent                                     bool
	lost, ghost, duplicate, reordered, doubleOrder int
	lostSome                                       bool // lost > 0, the count aside
	ambiguous                                      []string
	findingOn                                      string  // an order some finding names
	blockedMs                                      float64 // whole ms on the lab's clock; 0: not checked
	blockedOn, parked                              string  // the poison order, blocked or parked
	lagNegative                                    bool    // p50 and p99 below zero: applied before committed
}

func TestPagesProseOutcomesAreWhatRunsReport(t *testing.T) {
	for _, c := range proseClaims {
		page, ok := docs.Page(c.page)
		if !ok {
			t.Fatalf("no docs/%s.md", c.page)
		}
		if !strings.Contains(oneLine(page), c.says) {
			t.Errorf("docs/%s.md no longer says %q: check the new words against `dualwrite %s` and update this list", c.page, c.says, strings.Join(c.args, " "))
			continue
		}
		code, out, errs := runMain(t, append(c.args, "--format", "json")...)
		if code != 0 {
			t.Fatalf("dualwrite %s: exit %d: %s", strings.Join(c.args, " "), code, errs)
		}
		var rep lab.Report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		for _, p := range c.check(rep) {
			t.Errorf("docs/%s.md says %q, but `dualwrite %s` reports %s", c.page, c.says, strings.Join(c.args, " "), p)
		}
	}
}

// check returns what the report does not bear out.
func (c proseClaim) check(rep lab.Report) []string {
	w, a := c.want, rep.Anomalies
	var bad []string
	if rep.Consistent != w.consistent {
		bad = append(bad, "consistent "+strconv.FormatBool(rep.Consistent))
	}
	lost := a.Lost
	if w.lostSome && lost > 0 {
		lost = w.lost
	}
	if lost != w.lost || a.Ghost != w.ghost || a.Duplicate != w.duplicate || a.Reordered != w.reordered || a.DoubleOrder != w.doubleOrder {
		bad = append(bad, "anomalies "+mustJSON(a))
	}
	if w.ambiguous == nil && len(rep.Ambiguous) > 0 || w.ambiguous != nil && !slices.Equal(rep.Ambiguous, w.ambiguous) {
		bad = append(bad, "ambiguous "+mustJSON(rep.Ambiguous))
	}
	if w.findingOn != "" && !slices.ContainsFunc(rep.Findings, func(f check.Finding) bool {
		return f.Order == w.findingOn
	}) {
		bad = append(bad, "no finding on "+w.findingOn)
	}
	if w.blockedMs > 0 && (rep.BlockedMs == nil || math.Floor(*rep.BlockedMs) != w.blockedMs) {
		bad = append(bad, "blocked_ms "+mustJSON(rep.BlockedMs))
	}
	if w.blockedOn != "" && (rep.Blocked == nil || rep.Blocked.Order != w.blockedOn) {
		bad = append(bad, "blocked_by_poison "+mustJSON(rep.Blocked))
	}
	if w.parked != "" && (len(rep.Parked) != 1 || rep.Parked[0].Order != w.parked) {
		bad = append(bad, "parked "+mustJSON(rep.Parked))
	}
	if w.lagNegative && !(rep.Lag.P50 < 0 && rep.Lag.P99 < 0) {
		bad = append(bad, "lag_ms "+mustJSON(rep.Lag))
	}
	return bad
}

// oneLine folds a page's line breaks and indentation into single spaces,
// so that a claim matches however the paragraph is wrapped.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestExerciseFiveAnswerIsWhatChaosFinds: exercise 5's answer names what
// its campaign finds with seed 1, run by run kind, and that chaos made each
// first finding again.
func TestExerciseFiveAnswerIsWhatChaosFinds(t *testing.T) {
	page, _ := docs.Page(docs.ExercisesID)
	says := "With seed 1 it finds lost events and duplicates in `naive` (an `after-commit` crash; a consumer crash after apply) and duplicates in `outbox` (a consumer crash after apply), and no lost event in `outbox`."
	if !strings.Contains(oneLine(page), says) {
		t.Fatalf("exercise 5 no longer says %q: check the new words against its campaign and update this test", says)
	}
	code, out, errs := runMain(t, "chaos", "--runs", "20", "--workload", "lifecycle", "--strategy", "naive", "--strategy", "outbox", "--format", "json")
	if code != 0 {
		t.Fatalf("chaos: exit %d: %s", code, errs)
	}
	type first struct {
		Faults     []string `json:"faults"`
		Reproduced bool     `json:"reproduced"`
	}
	var rep struct {
		Strategies []struct {
			Strategy string           `json:"strategy"`
			RunsWith check.Anomalies  `json:"runs_with"`
			First    map[string]first `json:"first"`
		} `json:"strategies"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	struckAt := func(f first, point string) bool {
		return f.Reproduced && slices.ContainsFunc(f.Faults, func(s string) bool { return strings.HasPrefix(s, point+"=") })
	}
	for _, s := range rep.Strategies {
		r := s.RunsWith
		switch s.Strategy {
		case "naive":
			if r.Lost == 0 || r.Duplicate == 0 || r.Ghost != 0 || r.Reordered != 0 ||
				!struckAt(s.First["lost"], "after-commit") || !struckAt(s.First["duplicate"], "consumer.after-apply") {
				t.Errorf("exercise 5 says naive shows lost events (after-commit) and duplicates (consumer.after-apply); chaos found %s, first %s", mustJSON(r), mustJSON(s.First))
			}
		case "outbox":
			if r.Lost != 0 || r.Duplicate == 0 || r.Ghost != 0 || r.Reordered != 0 || !struckAt(s.First["duplicate"], "consumer.after-apply") {
				t.Errorf("exercise 5 says outbox shows only duplicates (consumer.after-apply); chaos found %s, first %s", mustJSON(r), mustJSON(s.First))
			}
		}
	}
}
