// Package concurrent runs the lab's strategies the way a deployment does,
// without the stepper: several callers place orders at once, the relay or
// connector publishes asynchronously in batches, and the consumer applies in
// order. It measures throughput, lag and memory; it injects no faults.
package concurrent

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Config is one concurrent run.
type Config struct {
	Strategy string
	Orders   int           // placed in all; at least 1
	Callers  int           // placing at once; 0 means 8
	Batch    int           // the most events a relay publishes before waiting for acks; 0 means 256
	Interval time.Duration // between two requests, over all callers; 0: back to back
	Settle   time.Duration // how long the last events may take to arrive; 0 means 30s
}

// Result is what a concurrent run measured, and what the stores hold after it.
type Result struct {
	Strategy string  `json:"strategy"`
	Orders   int     `json:"orders"`
	Callers  int     `json:"callers"`
	Batch    int     `json:"batch"`
	PacedMs  float64 `json:"paced_ms"` // the interval between requests; 0: back to back
	// RequestsPerSec is the rate requests came in at, first to last.
	RequestsPerSec float64 `json:"requests_per_sec"`
	// EndToEndPerSec is orders committed and applied downstream per second,
	// from the first request to the last first apply.
	EndToEndPerSec float64 `json:"end_to_end_per_sec"`
	LagMs          Lag     `json:"lag_ms"` // commit to first apply, per order
	// PeakRSSMB is the process's peak resident memory during the run (the
	// high-water mark is reset before it where Linux allows).
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// GCPercent is the Go collector's target during the run (GOGC; -1: off).
	GCPercent int     `json:"gc_percent"`
	WallMs    float64 `json:"wall_ms"`
	// Read from the stores after the run.
	Committed    int `json:"committed"` // rows in orders.db
	Shipments    int `json:"shipments"` // rows in shipping.db
	Lost         int `json:"lost"`      // committed, never applied
	Ghost        int `json:"ghost"`     // applied, never committed
	Duplicate    int `json:"duplicate"` // applies beyond the first
	Deduplicated int `json:"deduplicated"`
	// Unmarked is what a relay or connector starting again would publish
	// again: outbox rows still pending, change log entries past the saved
	// offset. A run stops its relay after the last apply, so 0 says every
	// batch was marked once acked.
	Unmarked   int  `json:"unmarked"`
	Consistent bool `json:"consistent"`
}

// Lag is commit-to-apply lag in milliseconds.
type Lag struct {
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
}

type runner struct {
	strategy string
	w        *world
	stmts    *stmts
	batch    int
	work     chan struct{}
	drained  chan struct{} // closed when the relay may stop once it finds nothing pending
	// Indexed by order number; 0 until it happens.
	committedAt []atomic.Int64
	appliedAt   []atomic.Int64
	applied     atomic.Int64 // orders applied at least once
	// allApplied is closed when applied reaches the run's orders: the
	// applier says so, instead of the run polling for it while it runs.
	allApplied   chan struct{}
	deduplicated atomic.Int64
}

func (c *Config) setDefaults() {
	if c.Callers == 0 {
		c.Callers = 8
	}
	if c.Batch == 0 {
		c.Batch = 256
	}
	if c.Settle == 0 {
		c.Settle = 30 * time.Second
	}
}

// Run makes one concurrent run of cfg and reads its result from the stores.
func Run(ctx context.Context, cfg Config) (Result, error) {
	cfg.setDefaults()
	if cfg.Orders < 1 || cfg.Callers < 1 || cfg.Batch < 1 || !slices.Contains(Strategies, cfg.Strategy) {
		return Result{}, fmt.Errorf("bad concurrent run %+v", cfg)
	}
	gc, restoreGC := relaxGC()
	defer restoreGC()
	resetPeakRSS()
	wallStart := time.Now()
	w, err := openWorld(ctx, cfg.Strategy == "cdc")
	if err != nil {
		return Result{}, err
	}
	// The client goes first, so no JetStream API request can be queued while
	// the server shuts down (see lab/broker.go).
	defer w.close()
	r := &runner{strategy: cfg.Strategy, w: w, batch: cfg.Batch, work: make(chan struct{}, 1),
		drained: make(chan struct{}), allApplied: make(chan struct{}), committedAt: make([]atomic.Int64, cfg.Orders+1), appliedAt: make([]atomic.Int64, cfg.Orders+1)}
	if r.stmts, err = prepare(ctx, w); err != nil {
		return Result{}, err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopConsume, consumeErr, err := r.consume(ctx)
	if err != nil {
		return Result{}, err
	}
	defer stopConsume()
	relayErr := make(chan error, 1)
	if usesWorker(cfg.Strategy) {
		go func() { relayErr <- r.relay(ctx) }()
	}

	start := time.Now()
	last, err := r.callers(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	end, err := r.settle(ctx, cfg, consumeErr, relayErr)
	if err != nil {
		return Result{}, err
	}
	res := Result{Strategy: cfg.Strategy, Orders: cfg.Orders, Callers: cfg.Callers, Batch: cfg.Batch,
		PacedMs: float64(cfg.Interval.Microseconds()) / 1000, Deduplicated: int(r.deduplicated.Load()), GCPercent: gc}
	if cfg.Orders > 1 && last.After(start) {
		res.RequestsPerSec = float64(cfg.Orders-1) / last.Sub(start).Seconds()
	}
	res.EndToEndPerSec = float64(cfg.Orders) / end.Sub(start).Seconds()
	res.LagMs = r.lag()
	if usesWorker(cfg.Strategy) {
		// Every event is applied, but the relay may still wait for the acks
		// of its last batch: it stops once that batch is marked, and the
		// verdict counts what it left unmarked.
		close(r.drained)
		select {
		case err := <-relayErr:
			if err != nil {
				return Result{}, fmt.Errorf("%s: relay: %w", cfg.Strategy, err)
			}
		case <-time.After(cfg.Settle):
			return Result{}, fmt.Errorf("%s: the relay did not stop within %s after the last apply", cfg.Strategy, cfg.Settle)
		}
	}
	cancel()
	stopConsume()
	if err := r.judge(context.Background(), &res); err != nil {
		return Result{}, err
	}
	res.PeakRSSMB = peakRSSMB()
	res.WallMs = float64(time.Since(wallStart).Microseconds()) / 1000
	return res, nil
}

// callers places every order with cfg.Callers callers at once, paced when
// cfg.Interval is set, and returns when the last request was made.
func (r *runner) callers(ctx context.Context, cfg Config) (time.Time, error) {
	var next atomic.Int64
	var lastReq atomic.Int64
	start := time.Now()
	var pace chan int
	if cfg.Interval > 0 {
		pace = make(chan int)
		go func() {
			defer close(pace)
			for n := 1; n <= cfg.Orders; n++ {
				if d := time.Until(start.Add(time.Duration(n-1) * cfg.Interval)); d > 0 {
					time.Sleep(d)
				}
				select {
				case pace <- n:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	var wg sync.WaitGroup
	errs := make(chan error, cfg.Callers)
	for range cfg.Callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var n int
				if pace != nil {
					var ok bool
					if n, ok = <-pace; !ok {
						return
					}
				} else if n = int(next.Add(1)); n > cfg.Orders {
					return
				}
				lastReq.Store(time.Now().UnixNano())
				if err := r.place(ctx, n); err != nil {
					errs <- fmt.Errorf("%s: order %d: %w", r.strategy, n, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, lastReq.Load()), nil
}

// settle waits until every order is applied downstream, bounded by
// cfg.Settle, and returns when the last one was.
func (r *runner) settle(ctx context.Context, cfg Config, consumeErr, relayErr <-chan error) (time.Time, error) {
	bound := time.NewTimer(cfg.Settle)
	defer bound.Stop()
	select {
	case <-r.allApplied:
	case err := <-consumeErr:
		return time.Time{}, fmt.Errorf("%s: consumer: %w", r.strategy, err)
	case err := <-relayErr:
		return time.Time{}, fmt.Errorf("%s: relay: %w", r.strategy, err)
	case <-ctx.Done():
		return time.Time{}, ctx.Err()
	case <-bound.C:
		return time.Time{}, fmt.Errorf("%s: %d of %d orders applied after %s: the run did not settle",
			r.strategy, r.applied.Load(), cfg.Orders, cfg.Settle)
	}
	var last int64
	for i := range r.appliedAt {
		last = max(last, r.appliedAt[i].Load())
	}
	return time.Unix(0, last), nil
}
