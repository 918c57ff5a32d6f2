package main

import (
	"encoding/json"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
	"github.com/dualwrite/dualwrite/lab/concurrent"
	"github.com/dualwrite/dualwrite/scenarios"
)

// steppedFigures is the sentence each strategy page's trade-off quotes from
// `dualwrite bench` (1,000 orders): the write path, end to end, and end to
// end as a share of naive's.
var steppedFigures = regexp.MustCompile(`write path ([\d,]+) orders/s, end to end ([\d,]+) events/s \((?:(\d+)% of naive's|the figure the others are compared with)\)`)

// The stepped bench counts steps on the lab's clock, so its figures are the
// same on every machine, and the pages quote them as such. With
// DUALWRITE_LONG=1 the test runs the bench the pages quote (1,000 orders,
// about a minute) and wants each figure as printed. Without it, 100 orders:
// the write path within 2% and the share of naive within 2 points, except
// where the page's own figure depends on the run's length (cdc-polling's
// end to end waits on its poll interval, so a short run flatters it).
func TestTradeOffsQuoteTheSteppedBench(t *testing.T) {
	long := os.Getenv("DUALWRITE_LONG") == "1"
	args := []string{"bench", "--format", "json", "--orders", "100"}
	if long {
		args = []string{"bench", "--format", "json"}
	}
	code, out, errs := runMain(t, args...)
	if code != 0 {
		t.Fatalf("dualwrite %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	var bench struct {
		Strategies []scenarios.Cost `json:"strategies"`
	}
	if err := json.Unmarshal([]byte(out), &bench); err != nil {
		t.Fatal(err)
	}
	measured := map[string]scenarios.Measurement{}
	for _, c := range bench.Strategies {
		measured[c.Strategy] = c.Throughput
	}
	naive := measured["naive"].EndToEndPerSec
	for _, s := range scenarios.All() {
		page, _ := docs.Page(s.ID)
		m := steppedFigures.FindStringSubmatch(oneLine(section(page, "## The trade-off")))
		if m == nil {
			t.Errorf("docs/%s.md: the trade-off quotes no `dualwrite bench` figures (%s)", s.ID, steppedFigures)
			continue
		}
		got, ok := measured[s.ID]
		if !ok {
			t.Fatalf("bench printed no figures for %s", s.ID)
		}
		write, e2e := number(m[1]), number(m[2])
		share := 100 * got.EndToEndPerSec / naive
		if long {
			if thousands(got.WritePerSec) != m[1] || thousands(got.EndToEndPerSec) != m[2] || (m[3] != "" && strconv.Itoa(int(math.Round(share))) != m[3]) {
				t.Errorf("docs/%s.md quotes write path %s, end to end %s (%s%% of naive's); bench prints %s, %s (%.0f%%)",
					s.ID, m[1], m[2], m[3], thousands(got.WritePerSec), thousands(got.EndToEndPerSec), share)
			}
			continue
		}
		if math.Abs(got.WritePerSec-write) > 0.02*write {
			t.Errorf("docs/%s.md quotes a write path of %s orders/s; a 100-order bench prints %s", s.ID, m[1], thousands(got.WritePerSec))
		}
		if m[3] == "" {
			if s.ID != "naive" {
				t.Errorf("docs/%s.md gives no share of naive's end to end", s.ID)
			}
			continue
		}
		if s.ID == "cdc-polling" {
			continue
		}
		if pct := number(m[3]); math.Abs(share-pct) > 2 {
			t.Errorf("docs/%s.md quotes end to end at %s%% of naive's (%v events/s); a 100-order bench prints %.0f%%", s.ID, m[3], e2e, share)
		}
	}
}

// Each trade-off says whether `dualwrite bench --concurrent` measures its
// strategy, and the list it gives is the one the bench runs.
func TestTradeOffsSayWhatTheConcurrentBenchMeasures(t *testing.T) {
	measuredList := strings.Join(concurrent.Strategies[:len(concurrent.Strategies)-1], ", ") + " and " + concurrent.Strategies[len(concurrent.Strategies)-1]
	for _, s := range scenarios.All() {
		page, _ := docs.Page(s.ID)
		sec := oneLine(section(page, "## The trade-off"))
		absent := strings.Contains(sec, "it has no row for `"+s.ID+"` (it measures "+measuredList+")")
		onReal := strings.Contains(sec, "`dualwrite bench --concurrent`: it measures on the real clock, so its figures change with the machine and its load")
		switch in := slices.Contains(concurrent.Strategies, s.ID); {
		case in && !onReal:
			t.Errorf("docs/%s.md: bench --concurrent measures %s, and the trade-off does not say its figures depend on the machine", s.ID, s.ID)
		case !in && !absent:
			t.Errorf("docs/%s.md: bench --concurrent does not measure %s (it measures %s), and the trade-off does not say so", s.ID, s.ID, measuredList)
		}
	}
}

func number(s string) float64 {
	f, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return f
}
