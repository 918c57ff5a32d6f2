package main

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/dualwrite/dualwrite/words"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/scenarios"
)

// reproTries is how many of the runs that showed an anomaly chaos makes
// again, as dualwrite run would, before it gives up finding a command that
// reproduces it.
const reproTries = 3

// chaosOrders is the number of orders of each run: enough for a fault to
// strike more than once and for later orders to show what it left behind.
const chaosOrders = 4

func (m *Main) chaos(ctx context.Context, args []string) error {
	var g globals
	fs := newFlagSet("chaos", &g)
	runs := fs.Int("runs", 200, "randomized runs per strategy, `N`")
	seed := fs.Int64("seed", 1, "seed `S` of the campaign")
	var ids multi
	fs.Var(&ids, "strategy", "a strategy `ID` to run (repeatable; default all)")
	workload := fs.String("workload", "place", "`place`, lifecycle or mixed (a third lifecycle)")
	format := fs.String("format", "text", "`text` or json")
	consumer := fs.String("consumer", "", "shipping's guarantee in every run, `plain`, inbox or versioned (default: each strategy's preset)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("chaos takes no arguments, got %q; pick strategies with --strategy ID", pos[0])
	}
	if err := manyRuns("chaos", g); err != nil {
		return err
	}
	if *runs < 1 {
		return usagef("bad --runs %d: need at least 1", *runs)
	}
	if err := oneOf("workload", *workload, "place", "lifecycle", "mixed"); err != nil {
		return err
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return err
	}
	strategies, err := pickStrategies(ids)
	if err != nil {
		return err
	}
	guarantee, err := parseConsumer(*consumer)
	if err != nil {
		return err
	}
	c := &scenarios.Chaos{Strategies: strategies, Runs: *runs, Seed: *seed, Orders: chaosOrders, Workload: *workload, Consumer: guarantee}
	p := newProgress(m.Stderr, m.liveProgress(), strategies, *runs)
	if *format == "text" {
		c.Progress = p.update
	}
	start := time.Now()
	results, err := c.Run(ctx)
	p.end()
	interrupted := err != nil
	if !interrupted {
		// An interrupt here leaves the witnesses unchecked, and says so.
		interrupted = scenarios.Reproduce(ctx, results, reproTries) != nil
	}
	elapsed := time.Since(start)
	if *format == "json" {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(chaosJSON{Seed: *seed, Runs: *runs, Orders: c.Orders,
			Workload: *workload, Consumer: *consumer, ElapsedMs: ms(elapsed), Interrupted: interrupted, Strategies: results}); err != nil {
			return err
		}
	} else {
		writeChaos(m.Stdout, c, results, elapsed, interrupted)
	}
	if interrupted {
		return interruptedError{fmt.Sprintf("chaos interrupted after %d of %d runs; the tallies above are of those", done(results), *runs*len(results))}
	}
	return failedRuns(results)
}

// done counts the runs finished over all strategies.
func done(results []scenarios.ChaosResult) int {
	n := 0
	for _, r := range results {
		n += r.Done
	}
	return n
}

// made counts a strategy's runs that were made and judged: a run the lab
// failed measured nothing.
func made(r scenarios.ChaosResult) int { return r.Done - r.Failed }

// madeAll counts the runs made and judged over all strategies.
func madeAll(results []scenarios.ChaosResult) int {
	n := 0
	for _, r := range results {
		n += made(r)
	}
	return n
}

type chaosJSON struct {
	Seed      int64   `json:"seed"`
	Runs      int     `json:"runs"` // per strategy
	Orders    int     `json:"orders"`
	Workload  string  `json:"workload"`
	Consumer  string  `json:"consumer,omitempty"` // --consumer, when given
	ElapsedMs float64 `json:"elapsed_ms"`
	// Interrupted: the campaign was stopped; the tallies are of the runs done.
	Interrupted bool                    `json:"interrupted,omitempty"`
	Strategies  []scenarios.ChaosResult `json:"strategies"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// manyRuns refuses the one-run flags in a command that makes many runs at
// once, each with its own embedded broker, which broker outages need.
func manyRuns(cmd string, g globals) error {
	if g.db != "" || g.listen != "" || g.natsURL != "" {
		return usagef("%s makes many runs at once, each on its own embedded broker: --db, --listen and --nats-url are for one run, use dualwrite run", cmd)
	}
	return nil
}

// pickStrategies looks up the strategies named by --strategy, or returns all.
func pickStrategies(ids []string) ([]scenarios.Strategy, error) {
	if len(ids) == 0 {
		return scenarios.All(), nil
	}
	var out []scenarios.Strategy
	seen := map[string]bool{}
	for _, id := range ids {
		s, err := scenarios.Lookup(id)
		if err != nil {
			return nil, usagef("bad --strategy: %s", err)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// failedRuns makes runs the lab itself failed an error of the tool, after the
// results are out.
func failedRuns(results []scenarios.ChaosResult) error {
	n, first := 0, ""
	for _, r := range results {
		n += r.Failed
		if first == "" && r.FirstFailed != nil {
			first = r.FirstFailed.Command + ": " + r.FirstError
		}
	}
	if n > 0 {
		return fmt.Errorf("%s failed in the lab; the first: %s", words.Count(n, "run", "runs"), first)
	}
	return nil
}

// progress shows the campaign as it goes. On a terminal: one line per
// strategy with its bar and the runs that showed each anomaly so far, redrawn
// in place (the cursor goes back up over them) at most every redrawEvery.
// Otherwise: a plain line as each strategy ends.
type progress struct {
	w     io.Writer
	live  bool
	rows  []scenarios.ChaosResult // one per strategy, in order
	drawn bool
	last  time.Time
}

const redrawEvery = 50 * time.Millisecond

func newProgress(w io.Writer, live bool, strategies []scenarios.Strategy, runs int) *progress {
	p := &progress{w: w, live: live}
	for _, s := range strategies {
		p.rows = append(p.rows, scenarios.ChaosResult{Strategy: s.ID, Runs: runs})
	}
	return p
}

func (p *progress) update(r scenarios.ChaosResult) {
	for i := range p.rows {
		if p.rows[i].Strategy == r.Strategy {
			p.rows[i] = r
		}
	}
	done := r.Done == r.Runs
	if !p.live {
		if done {
			failed := ""
			if r.Failed > 0 {
				failed = fmt.Sprintf(", %d more failed in the lab", r.Failed)
			}
			fmt.Fprintf(p.w, "chaos: %s: %s, %d inconsistent (%s)%s\n", r.Strategy, words.Count(made(r), "run", "runs"), r.Inconsistent, counts(r), failed)
		}
		return
	}
	if !done && time.Since(p.last) < redrawEvery {
		return
	}
	p.draw()
}

func (p *progress) draw() {
	p.last = time.Now()
	var b strings.Builder
	if p.drawn {
		fmt.Fprintf(&b, "\x1b[%dA", len(p.rows))
	}
	for _, r := range p.rows {
		fmt.Fprintf(&b, "\r%s\x1b[K\n", progressLine(r))
	}
	fmt.Fprint(p.w, b.String())
	p.drawn = true
}

// progressWidth keeps a progress line under 80 columns: a line that wraps
// would break the redraw, which moves the cursor up one line per strategy.
const progressWidth = 79

// progressLine is one strategy's progress: its bar, its runs and the runs
// with each anomaly. Large counts (--runs up to 1,000,000) drop the bar
// rather than wrap.
func progressLine(r scenarios.ChaosResult) string {
	w := r.RunsWith
	counts := fmt.Sprintf("%d/%d  lost %d ghost %d dup %d reord %d", r.Done, r.Runs, w.Lost, w.Ghost, w.Duplicate, w.Reordered)
	line := fmt.Sprintf("%-13s %s %s", r.Strategy, bar(r.Done, r.Runs, 20), counts)
	if utf8.RuneCountInString(line) > progressWidth {
		line = fmt.Sprintf("%-13s %s", r.Strategy, counts)
	}
	return line
}

// end draws the final counts, so the last redraw skipped for speed is not lost.
func (p *progress) end() {
	if p.live && p.drawn {
		p.draw()
	}
}

// counts says how many runs showed each anomaly.
func counts(r scenarios.ChaosResult) string {
	w := r.RunsWith
	return fmt.Sprintf("runs with lost %d · ghost %d · duplicate %d · reordered %d", w.Lost, w.Ghost, w.Duplicate, w.Reordered)
}

// bar draws done out of total in width cells, with eighth blocks at the edge.
func bar(done, total, width int) string {
	eighths := 0
	if total > 0 {
		eighths = done * width * 8 / total
	}
	full, part := eighths/8, eighths%8
	var b strings.Builder
	b.WriteString(strings.Repeat("█", full))
	if full < width {
		if part > 0 {
			b.WriteRune([]rune("▏▎▍▌▋▊▉")[part-1])
			full++
		}
		b.WriteString(strings.Repeat("░", width-full))
	}
	return "▕" + b.String() + "▏"
}

func writeChaos(w io.Writer, c *scenarios.Chaos, results []scenarios.ChaosResult, elapsed time.Duration, interrupted bool) {
	workload := map[string]string{"place": "orders placed", "lifecycle": "orders placed, paid and cancelled",
		"mixed": "a third of the runs also pay and cancel"}[c.Workload]
	consumer := ""
	if c.Consumer != "" {
		consumer = " · consumer " + string(c.Consumer) + " in every run"
	}
	fmt.Fprintf(w, "dualwrite chaos · seed %d · %s per strategy · %s a run, %s%s\n", c.Seed, words.Count(c.Runs, "run", "runs"), words.Count(c.Orders, "order", "orders"), workload, consumer)
	fmt.Fprintln(w, "Each run: one or two faults drawn from the seed over the strategy's points (crash, error, ack-lost, delay, broker-down;\n"+
		"always, N times or P% of the times), the same lab timings as dualwrite run.")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-14s %6s  %-19s %-19s %-19s %-19s %s\n", "strategy", "runs", "lost", "ghost", "duplicate", "reordered", "inconsistent")
	fmt.Fprintf(w, "%-14s %6s  %-19s %-19s %-19s %-19s %s\n", "", "", "runs (anomalies)", "runs (anomalies)", "runs (anomalies)", "runs (anomalies)", "runs")
	for _, r := range results {
		fmt.Fprintf(w, "%-14s %6d ", r.Strategy, made(r))
		for _, k := range scenarios.Kinds {
			fmt.Fprintf(w, " %-19s", cellOf(r, k))
		}
		fmt.Fprintf(w, " %d\n", r.Inconsistent)
	}
	var notes []string
	for _, r := range results {
		if r.Unsettled > 0 {
			notes = append(notes, fmt.Sprintf("%s: %s not settle within the recovery bound; they are judged as they were", r.Strategy, words.Count(r.Unsettled, "run did", "runs did")))
		}
		if r.Blocked > 0 {
			notes = append(notes, fmt.Sprintf("%s: %s blocked", r.Strategy, words.Count(r.Blocked, "run", "runs")))
		}
		if r.Failed > 0 {
			notes = append(notes, fmt.Sprintf("%s: %s failed in the lab, the first with %q: %s", r.Strategy, words.Count(r.Failed, "run", "runs"), r.FirstError, r.FirstFailed.Command))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range notes {
			fmt.Fprintln(w, "  ! "+n)
		}
	}
	if interrupted {
		fmt.Fprintf(w, "\nInterrupted: %d of %d runs done; the counts above are of those runs only.\n", done(results), c.Runs*len(results))
	}
	fmt.Fprintln(w, "\nThe first run that showed each anomaly, as a command that makes it again (✓ made again and checked):")
	found := false
	for _, r := range results {
		for _, k := range scenarios.Kinds {
			f := r.First[k]
			if f == nil {
				continue
			}
			found = true
			mark := "✓"
			note := ""
			switch {
			case f.Reproduced == nil:
				mark = "·"
				note = "    (not made again: interrupted)"
			case f.Reproduced != nil && !*f.Reproduced:
				mark, note = "?", fmt.Sprintf("    (did not show %s when made again: the lab's clock is seeded, the goroutines of SQLite and NATS are not; try it a few times)", k)
			case f.Instead > 0:
				note = fmt.Sprintf("    (run %d showed it first but not when made again)", f.Instead)
			}
			fmt.Fprintf(w, "  %s %-13s %-9s run %d: %s%s\n", mark, r.Strategy, k, f.Run, f.Command, note)
		}
	}
	if !found {
		fmt.Fprintln(w, "  none: no run showed an anomaly")
	}
	failed := ""
	if n := done(results) - madeAll(results); n > 0 {
		failed = fmt.Sprintf(" (and %d that failed in the lab)", n)
	}
	fmt.Fprintf(w, "\n%s in %s%s, up to %d at once.\n",
		words.Count(madeAll(results), "run", "runs"), elapsed.Round(10*time.Millisecond), failed, parallelism(c.Parallel))
	fmt.Fprintln(w, "Delays, outages and redeliveries pass on each run's own lab clock, so no run waits for them; runs without a broker outage share one embedded broker.")
}

func cellOf(r scenarios.ChaosResult, k check.Kind) string {
	runs, n := scenarios.Count(r.RunsWith, k), scenarios.Count(r.Anomalies, k)
	if runs == 0 {
		return "·  0"
	}
	pct := 100 * float64(runs) / float64(max(made(r), 1))
	return fmt.Sprintf("✗ %d (%d) %.1f%%", runs, n, pct)
}

// parallelism is how many runs go at once for a requested n, as the
// scenarios package decides it.
func parallelism(n int) int {
	if n < 1 {
		return scenarios.Parallelism()
	}
	return n
}
