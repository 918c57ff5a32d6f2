package scenarios

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/dualwrite/dualwrite/lab/concurrent"
)

// ConcurrentCost is a strategy measured without the stepper (see package
// lab/concurrent): back to back for throughput and memory, paced for lag.
type ConcurrentCost struct {
	Strategy   string            `json:"strategy"`
	Throughput concurrent.Result `json:"throughput"`
	Paced      concurrent.Result `json:"paced"`
}

// ConcurrentBench is the concurrent half of bench --concurrent.
type ConcurrentBench struct {
	Rounds     int                `json:"rounds"` // throughput runs per strategy, interleaved; the median is kept
	Callers    int                `json:"callers"`
	Batch      int                `json:"batch"`
	Orders     int                `json:"orders"`       // per throughput run
	PacedOrder int                `json:"paced_orders"` // per paced run
	IntervalMs float64            `json:"interval_ms"`
	Strategies []ConcurrentCost   `json:"strategies"`
	Parts      concurrent.Parts   `json:"parts"` // what SQLite and JetStream allow alone, measured the same way
	Targets    []ConcurrentTarget `json:"targets"`
}

// ConcurrentTarget is one of the targets for the concurrent bench,
// with what was measured and, beside it, the parts' own limit.
type ConcurrentTarget struct {
	What     string  `json:"what"`
	Target   float64 `json:"target"`
	Measured float64 `json:"measured"`
	// Ratio is measured over target, oriented so that 1 or more meets it.
	Ratio float64 `json:"ratio"`
	// PartsRatio is measured over the slower part's own limit, where a part
	// bounds it; 0 where none does.
	PartsRatio float64 `json:"parts_ratio,omitempty"`
}

// The concurrent bench's shape: callers at once, a relay's batch, and how
// many orders each run places.
const (
	ConcurrentCallers = 8
	ConcurrentBatch   = 256
	// ConcurrentRounds is how many throughput runs each strategy gets, one
	// of every strategy per round: a machine whose load changes during the
	// bench then weighs on every strategy alike, and the median run of each
	// is kept. One round each, on a shared machine, put outbox at 0.63 and
	// at 3.42 times naive in two benches.
	ConcurrentRounds = 3
)

// MeasureConcurrent measures each strategy that has a concurrent write path,
// orders back to back and pacedOrders interval apart, then the parts alone.
func MeasureConcurrent(ctx context.Context, strategies []Strategy, orders, pacedOrders int, interval time.Duration, progress func(done, total int)) (ConcurrentBench, error) {
	cb := ConcurrentBench{Rounds: ConcurrentRounds, Callers: ConcurrentCallers, Batch: ConcurrentBatch, Orders: orders, PacedOrder: pacedOrders,
		IntervalMs: float64(interval.Microseconds()) / 1000}
	var ids []string
	for _, s := range strategies {
		if slices.Contains(concurrent.Strategies, s.ID) {
			ids = append(ids, s.ID)
		}
	}
	total, done := (ConcurrentRounds+1)*len(ids)+1, 0
	step := func() {
		done++
		if progress != nil {
			progress(done, total)
		}
	}
	runs := make([][]concurrent.Result, len(ids))
	for range ConcurrentRounds {
		for i, id := range ids {
			th, err := concurrent.Run(ctx, concurrent.Config{Strategy: id, Orders: orders, Callers: ConcurrentCallers, Batch: ConcurrentBatch})
			if err != nil {
				return cb, err
			}
			runs[i] = append(runs[i], th)
			step()
		}
	}
	for i, id := range ids {
		cfg := concurrent.Config{Strategy: id, Orders: pacedOrders, Callers: ConcurrentCallers, Batch: ConcurrentBatch, Interval: interval}
		p, err := concurrent.Run(ctx, cfg)
		if err != nil {
			return cb, err
		}
		cb.Strategies = append(cb.Strategies, ConcurrentCost{Strategy: id, Throughput: medianRun(runs[i]), Paced: p})
		step()
	}
	parts, err := concurrent.MeasureParts(ctx, orders, ConcurrentCallers, ConcurrentBatch)
	if err != nil {
		return cb, err
	}
	cb.Parts = parts
	if progress != nil {
		progress(total, total)
	}
	cb.Targets = cb.targets()
	return cb, nil
}

// medianRun is the run of median end-to-end throughput, marked
// inconsistent if any of the runs was: an anomaly in one round is not
// outvoted by the others.
func medianRun(runs []concurrent.Result) concurrent.Result {
	sorted := slices.Clone(runs)
	slices.SortFunc(sorted, func(a, b concurrent.Result) int { return cmp.Compare(a.EndToEndPerSec, b.EndToEndPerSec) })
	m := sorted[len(sorted)/2]
	for _, r := range runs {
		m.Consistent = m.Consistent && r.Consistent
	}
	return m
}

// targets are the three: naive at least 15,000 orders/s end to end,
// outbox and outbox-dedup at least 0.8 of naive, relay lag p99 at most 5 ms
// at 1,000 orders/s.
func (cb ConcurrentBench) targets() []ConcurrentTarget {
	by := map[string]ConcurrentCost{}
	for _, c := range cb.Strategies {
		by[c.Strategy] = c
	}
	slowest := min(cb.Parts.SQLitePerSec, cb.Parts.JetStreamPerSec)
	var out []ConcurrentTarget
	naive, ok := by["naive"]
	if ok {
		e2e := naive.Throughput.EndToEndPerSec
		t := ConcurrentTarget{What: "naive orders/s end to end", Target: 15000, Measured: e2e, Ratio: e2e / 15000}
		if slowest > 0 {
			t.PartsRatio = e2e / slowest
		}
		out = append(out, t)
	}
	for _, id := range []string{"outbox", "outbox-dedup"} {
		c, found := by[id]
		if !ok || !found || naive.Throughput.EndToEndPerSec <= 0 {
			continue
		}
		r := c.Throughput.EndToEndPerSec / naive.Throughput.EndToEndPerSec
		out = append(out, ConcurrentTarget{What: id + " end to end, times naive's", Target: 0.8, Measured: r, Ratio: r / 0.8})
	}
	for _, id := range []string{"outbox", "outbox-dedup", "cdc"} {
		if c, found := by[id]; found && c.Paced.LagMs.P99 > 0 {
			p99 := c.Paced.LagMs.P99
			out = append(out, ConcurrentTarget{What: id + " lag p99 ms at 1,000 orders/s", Target: 5, Measured: p99, Ratio: 5 / p99})
		}
	}
	return out
}
