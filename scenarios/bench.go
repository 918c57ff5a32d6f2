package scenarios

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/trace"
)

// Measurement is what one fault-free run of many orders shows about a
// strategy's cost. Runs are stepped, one actor at a time, so the figures are
// those of the code path (SQLite, JetStream, the strategy's own steps), not of
// a deployment where the service, relay and consumer run side by side.
type Measurement struct {
	Strategy string        `json:"strategy"`
	Orders   int           `json:"orders"`
	Interval time.Duration `json:"-"`
	// WritePerSec is orders placed per second of the service's own steps,
	// from the request to the reply: the write path the caller waits for.
	WritePerSec float64 `json:"write_per_sec"`
	// EndToEndPerSec is changes applied downstream per second, from the first
	// request to the last apply: every actor's steps, and the pacing if any.
	EndToEndPerSec float64 `json:"end_to_end_per_sec"`
	// RequestsPerSec is the rate requests came in at, first to last.
	RequestsPerSec float64   `json:"requests_per_sec"`
	Lag            check.Lag `json:"lag_ms"`
	// Backlog is the most outbox rows a relay found pending at once; -1 when
	// the strategy has no outbox.
	Backlog    int     `json:"backlog"`
	Consistent bool    `json:"consistent"`
	WallMs     float64 `json:"wall_ms"` // the whole run, start to verdict
}

// Measure makes the run of sp, with interval between the end of one request
// and the next (0: back to back), and reads the figures off its trace.
func Measure(ctx context.Context, sp Spec, interval time.Duration) (Measurement, error) {
	sp.Interval = interval
	cfg := sp.Config()
	start := time.Now()
	rep, err := Run(ctx, cfg)
	if err != nil {
		return Measurement{}, fmt.Errorf("%s: %w", sp.Strategy.ID, err)
	}
	orders := cfg.Orders
	if orders == 0 {
		orders = 3
	}
	m := Measurement{Strategy: sp.Strategy.ID, Orders: orders, Interval: interval, Lag: rep.Lag, Backlog: -1,
		Consistent: rep.Consistent, WallMs: float64(time.Since(start).Microseconds()) / 1000}
	write, e2e, applied, backlog, paced := readTrace(rep.Trace)
	if paced > 0 {
		m.RequestsPerSec = float64(orders-1) / paced.Seconds()
	}
	if write > 0 {
		m.WritePerSec = float64(orders) / write.Seconds()
	}
	if e2e > 0 {
		m.EndToEndPerSec = float64(applied) / e2e.Seconds()
	}
	m.Backlog = backlog
	return m, nil
}

// readTrace sums the time of the service's own steps between each request
// and its reply, measures from the first request to the last apply and to the
// last request, counts the applies, and finds the largest backlog a relay
// read.
//
// A step's time is the gap since the event before it: the stepper runs one
// actor at a time, so that gap is the acting actor's. The actor is the
// event's own, or its target when the broker or a database speaks (an ack to
// the service is the service's publish returning). With a paced workload the
// end-to-end figure is the pace, not the capacity.
func readTrace(evs []trace.Event) (write, e2e time.Duration, applied, backlog int, requests time.Duration) {
	backlog = -1
	var first, last, lastRequest time.Duration
	inRequest := map[string]bool{}
	for i, e := range evs {
		actor := e.Actor
		if (actor == trace.NATS || actor == trace.SQLite) && e.Target != "" {
			actor = e.Target
		}
		service := strings.HasPrefix(actor, trace.Service)
		switch {
		case service && e.Step == "request":
			if first == 0 {
				first = e.At
			}
			lastRequest = e.At
			inRequest[actor] = true
		case service && e.Step == "reply":
			inRequest[actor] = false
			if i > 0 {
				write += e.At - evs[i-1].At
			}
		case e.Actor == trace.Consumer && e.Step == "apply":
			applied++
			last = e.At
		case e.Step == "read outbox":
			backlog = max(backlog, e.Count)
		}
		if service && inRequest[actor] && e.Step != "request" && i > 0 {
			write += e.At - evs[i-1].At
		}
	}
	if last > first {
		e2e = last - first
	}
	return write, e2e, applied, backlog, lastRequest - first
}

// Cost is what a strategy costs, from two or three runs without faults:
// back to back for throughput and lag under full load, paced for lag at a
// steady rate, and, where a relay drains an outbox, paced with the broker
// away for a moment, for the backlog.
type Cost struct {
	Strategy   string       `json:"strategy"`
	Throughput Measurement  `json:"throughput"` // orders back to back
	Paced      Measurement  `json:"paced"`      // orders Interval apart
	Outage     *Measurement `json:"outage,omitempty"`
	// OutageFault is the fault of the outage run, e.g. relay.publish=1*broker-down(20ms).
	OutageFault string `json:"outage_fault,omitempty"`
}

// OutageLength is how long the broker is away in the backlog run: short,
// because a relay reads at most 100 pending rows at once.
const OutageLength = 20 * time.Millisecond

// MeasureCosts measures each strategy with orders per run, one strategy per
// core at a time: every figure is read on the lab's clock, so runs side by
// side do not change them. The lab pauses interval between the end of one
// request and the next; the rate a paced run reached is in its
// RequestsPerSec. Strategies whose paced run read an outbox get a third run,
// with the broker away at their worker's publish, to show the backlog.
// progress, if set, is called after each run, with the runs known so far.
func MeasureCosts(ctx context.Context, strategies []Strategy, orders int, interval time.Duration, progress func(done, total int)) ([]Cost, error) {
	costs := make([]Cost, len(strategies))
	total, done := 2*len(strategies), 0
	var mu sync.Mutex
	step := func(more int) {
		mu.Lock()
		defer mu.Unlock()
		done++
		total += more
		if progress != nil {
			progress(done, total)
		}
	}
	// One broker for the bench's runs, but for the outage runs, which stop
	// a broker of their own (see Spec.Config).
	b, err := lab.NewSharedBroker()
	if err == nil {
		defer b.Close()
	}
	spec := func(i int) Spec { return Spec{Strategy: strategies[i], Seed: 1, Orders: orders, Broker: b} }
	errs := make([]error, len(strategies))
	each(ctx, len(strategies), runtime.NumCPU(), func(i int) {
		costs[i].Strategy = strategies[i].ID
		if costs[i].Throughput, errs[i] = Measure(ctx, spec(i), 0); errs[i] != nil {
			return
		}
		step(0)
		if costs[i].Paced, errs[i] = Measure(ctx, spec(i), interval); errs[i] != nil {
			return
		}
		f, ok := outageFault(strategies[i])
		if costs[i].Paced.Backlog < 0 || !ok {
			step(0)
			return
		}
		step(1)
		sp := spec(i)
		sp.Faults = []faults.Fault{f}
		m, err := Measure(ctx, sp, interval)
		costs[i].Outage, costs[i].OutageFault, errs[i] = &m, f.String(), err
		step(0)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return costs, nil
}

// outageFault is the broker going away, once, at the publish of the
// strategy's worker (a publish point with a worker's prefix, such as
// relay.publish).
func outageFault(s Strategy) (faults.Fault, bool) {
	for _, p := range s.Points {
		if p.Kind == faults.Publish && strings.Contains(p.Name, ".") {
			return faults.Fault{Point: p.Name, Chain: faults.Chain{{Count: 1, Action: faults.BrokerDown, Arg: OutageLength}}}, true
		}
	}
	return faults.Fault{}, false
}
