package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// benchInterval paces the lag runs: each request comes this long after the
// reply to the one before (on the lab's clock in the stepped runs).
const benchInterval = time.Millisecond

func (m *Main) bench(ctx context.Context, args []string) error {
	var g globals
	fs := newFlagSet("bench", &g)
	orders := fs.Int("orders", 1000, "orders per run, `N`")
	var ids multi
	fs.Var(&ids, "strategy", "a strategy `ID` to measure (repeatable; default all)")
	format := fs.String("format", "text", "`text` or json")
	conc := fs.Bool("concurrent", false, "also run the strategies without the stepper: callers at once, batched relays (10×N orders a run)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("bench takes no arguments, got %q; pick strategies with --strategy ID", pos[0])
	}
	if err := manyRuns("bench", g); err != nil {
		return err
	}
	if *orders < 2 {
		return usagef("bad --orders %d: need at least 2", *orders)
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return err
	}
	strategies, err := pickStrategies(ids)
	if err != nil {
		return err
	}
	var progress func(done, total int)
	live := m.liveProgress() && *format == "text"
	if live {
		progress = func(done, total int) {
			fmt.Fprintf(m.Stderr, "\rbench %s %d/%d runs ", bar(done, total, 24), done, total)
		}
	}
	start := time.Now()
	costs, err := scenarios.MeasureCosts(ctx, strategies, *orders, benchInterval, progress)
	if err != nil {
		if live {
			fmt.Fprint(m.Stderr, "\r"+strings.Repeat(" ", 50)+"\r")
		}
		if ctx.Err() != nil {
			return benchInterrupted
		}
		return err
	}
	var cb *scenarios.ConcurrentBench
	if *conc {
		c, err := scenarios.MeasureConcurrent(ctx, strategies, concurrentFactor**orders, concurrentPaced, benchInterval, progress)
		if err != nil {
			if live {
				fmt.Fprint(m.Stderr, "\r"+strings.Repeat(" ", 50)+"\r")
			}
			if ctx.Err() != nil {
				return benchInterrupted
			}
			return fmt.Errorf("concurrent bench: %w", err)
		}
		cb = &c
	}
	if live {
		fmt.Fprint(m.Stderr, "\r"+strings.Repeat(" ", 50)+"\r")
	}
	if *format == "json" {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Orders     int     `json:"orders"`
			IntervalMs float64 `json:"interval_ms"`
			Stepped    bool    `json:"stepped"` // the strategies below are stepped runs
			// StepMs is how far the lab's clock moves for each step: the
			// stepped figures are on that clock, so they count steps.
			StepMs     float64          `json:"step_ms"`
			ElapsedMs  float64          `json:"elapsed_ms"`
			Strategies []scenarios.Cost `json:"strategies"`
			// Concurrent, with --concurrent: the same strategies without the stepper.
			Concurrent *scenarios.ConcurrentBench `json:"concurrent,omitempty"`
		}{*orders, ms(benchInterval), true, ms(lab.StepCost), ms(time.Since(start)), costs, cb})
	}
	writeBench(m.Stdout, costs, *orders, time.Since(start))
	if cb != nil {
		writeConcurrent(m.Stdout, costs, *cb)
	}
	return nil
}

// benchInterrupted ends a bench stopped by an interrupt: a run cut short
// measures nothing, so no figures are printed.
var benchInterrupted = interruptedError{"bench interrupted: a run cut short measures nothing, so no figures"}

// A concurrent run places concurrentFactor times --orders back to back
// (startup would dominate fewer), and concurrentPaced orders paced for lag.
const (
	concurrentFactor = 10
	concurrentPaced  = 1000
)

// chartWidth is the length of the longest bar.
const chartWidth = 44

// hbar draws v against the chart's largest value vmax, in eighths of a cell.
func hbar(v, vmax float64) string {
	if vmax <= 0 || v <= 0 {
		return ""
	}
	eighths := int(math.Round(v / vmax * chartWidth * 8))
	b := strings.Repeat("█", eighths/8)
	if r := eighths % 8; r > 0 {
		b += string([]rune("▏▎▍▌▋▊▉")[r-1])
	}
	if b == "" {
		b = "▏"
	}
	return b
}

type chartRow struct {
	label string
	value float64
	text  string // the number, as shown after the bar
}

// logFloor is where a bar on a log scale starts: 10µs of lag.
const logFloor = 0.01

// chart draws one bar per row, to scale or, with log, on a log scale from
// logFloor, so that one slow strategy does not flatten the rest.
func chart(w io.Writer, title string, log bool, rows []chartRow) {
	fmt.Fprintln(w, title)
	scale := func(v float64) float64 { return v }
	if log {
		scale = func(v float64) float64 { return math.Log10(max(v, logFloor) / logFloor * 10) }
	}
	vmax := 0.0
	for _, r := range rows {
		vmax = max(vmax, scale(r.value))
	}
	for _, r := range rows {
		b := ""
		if r.value > 0 {
			b = hbar(scale(r.value), vmax)
		}
		fmt.Fprintf(w, "  %-14s %s%s %s\n", r.label, b, strings.Repeat(" ", chartWidth-len([]rune(b))), r.text)
	}
	fmt.Fprintln(w)
}

// thousands writes n with thousands separators: 12,345.
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func writeBench(w io.Writer, costs []scenarios.Cost, orders int, elapsed time.Duration) {
	fmt.Fprintf(w, "dualwrite bench · %d orders a run, no faults · %s\n\n", orders, elapsed.Round(100*time.Millisecond))
	fmt.Fprintln(w, "Runs are stepped: one actor acts at a time (service, relay, consumer, in turn), and every figure is read on")
	fmt.Fprintf(w, "the lab's clock, which moves %s for each step (a statement, a publish, an ack) and jumps over waits. So they\n", msText(ms(lab.StepCost)))
	fmt.Fprintln(w, "count the steps of each strategy's code path; they are not the time SQLite and JetStream really take, nor the")
	fmt.Fprintln(w, "throughput of a deployment where the parts run side by side (bench --concurrent measures those, on the real")
	fmt.Fprintln(w, "clock). A relay here is woken by each commit and runs before the next request.")
	fmt.Fprintln(w)

	var naive float64
	for _, c := range costs {
		if c.Strategy == "naive" {
			naive = c.Throughput.EndToEndPerSec
		}
	}
	var write, e2e, lag, lagFull []chartRow
	for _, c := range costs {
		t, p := c.Throughput, c.Paced
		write = append(write, chartRow{c.Strategy, t.WritePerSec, thousands(t.WritePerSec)})
		note := ""
		if naive > 0 && c.Strategy != "naive" {
			note = fmt.Sprintf("  %3.0f%% of naive", 100*t.EndToEndPerSec/naive)
		}
		if !t.Consistent {
			note += "  (inconsistent: not every order arrived)"
		}
		e2e = append(e2e, chartRow{c.Strategy, t.EndToEndPerSec, thousands(t.EndToEndPerSec) + note})
		lag = append(lag, chartRow{c.Strategy, p.Lag.P99, fmt.Sprintf("p99 %s  p50 %s  at %s orders/s", msText(p.Lag.P99), msText(p.Lag.P50), thousands(p.RequestsPerSec))})
		lagFull = append(lagFull, chartRow{c.Strategy, t.Lag.P99, fmt.Sprintf("p99 %s  p50 %s  at %s orders/s", msText(t.Lag.P99), msText(t.Lag.P50), thousands(t.RequestsPerSec))})
	}
	chart(w, "Write path · orders/s · the service's own steps, from request to reply (what the caller waits for)", false, write)
	chart(w, "End to end · events/s · orders back to back, from the first request to the last apply downstream", false, e2e)
	chart(w, fmt.Sprintf("Lag, commit to apply · ms, log scale · paced, %s from each reply to the next request (the rate reached is shown)", benchInterval), true, lag)
	chart(w, "Lag, commit to apply · ms, log scale · orders back to back", true, lagFull)

	var backlog []chartRow
	for _, c := range costs {
		if c.Outage == nil {
			continue
		}
		backlog = append(backlog, chartRow{c.Strategy, float64(c.Outage.Backlog),
			fmt.Sprintf("%d rows during %s (steady: %d); lag p99 %s", c.Outage.Backlog, c.OutageFault, c.Paced.Backlog, msText(c.Outage.Lag.P99))})
	}
	if len(backlog) > 0 {
		chart(w, "Outbox backlog · the most rows a relay found pending · paced, with the broker away once (a relay reads at most 100)", false, backlog)
	}
	fmt.Fprintln(w, "A negative lag is an event applied downstream before its order was committed (publish before commit).")
}

func msText(v float64) string {
	switch a := math.Abs(v); {
	case a >= 100:
		return fmt.Sprintf("%.0fms", v)
	case a >= 10:
		return fmt.Sprintf("%.1fms", v)
	default:
		return fmt.Sprintf("%.2fms", v)
	}
}
