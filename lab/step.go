package lab

import (
	"context"
	"fmt"
	"time"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/trace"
)

// Step runs the world until at least one step shows on the trace, or the run
// is judged. It reports whether the run is finished.
func (r *Run) Step(ctx context.Context) (bool, error) {
	n := r.trace.Len()
	for r.phase != finished && r.trace.Len() == n {
		if err := r.advance(ctx); err != nil {
			return false, err
		}
	}
	return r.phase == finished, nil
}

// Finish runs to the end: the rest of the workload, recovery, the verdict.
func (r *Run) Finish(ctx context.Context) (*Report, error) {
	for r.phase != finished {
		if err := r.advance(ctx); err != nil {
			return nil, err
		}
	}
	return r.Report(), nil
}

// Next is the step the run would take next, if it is known.
func (r *Run) Next() (Next, bool) {
	if r.phase == finished {
		return Next{}, false
	}
	n, ok := r.sched.peek()
	if s := r.calling.Load(); ok && n.Actor == trace.Service && s != nil && s.dead.Load() {
		n.Doomed = true
	}
	return n, ok
}

// Finished reports whether the run has been judged.
func (r *Run) Finished() bool { return r.phase == finished }

func (r *Run) advance(ctx context.Context) error {
	if err := r.failed(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	switch r.phase {
	case working:
		// Recovery starts once the last reply is out and nothing is ready:
		// sleepers (backoffs, outages) may be what only recovery ends.
		if r.sched.stateOf(r.client) == done && !r.sched.anyReady() {
			r.recover()
			return nil
		}
		ok, err := r.sched.turn(ctx, true)
		if err != nil {
			return err
		}
		if !ok {
			r.recover()
		}
	case recovering:
		if !r.sched.busy() && r.quiescent(ctx) {
			r.settled = true
			return r.judge()
		}
		if time.Since(r.settleFrom) > r.cfg.SettleTimeout {
			r.trace.Add(trace.Event{Actor: trace.Lab, Step: "timeout",
				Detail: fmt.Sprintf("the world did not settle within %s; judging it as it is", r.cfg.SettleTimeout)})
			return r.judge()
		}
		ok, err := r.sched.turn(ctx, true)
		if err != nil {
			return err
		}
		if !ok {
			return r.judge()
		}
	}
	return r.failed()
}

// recover ends the workload: faults are lifted, the broker comes back, and
// workers and the consumer are woken to catch up.
func (r *Run) recover() {
	r.phase = recovering
	r.settleFrom = time.Now()
	r.plan.Disarm()
	r.trace.Add(trace.Event{Actor: trace.Lab, Step: "recover",
		Detail: "workload done: faults lifted; the broker comes back, relays drain, the consumer catches up"})
	if !r.broker.Up() {
		r.brokerUp()
	}
	r.wakeAll()
}

func (r *Run) wakeAll() {
	r.sched.wakeUp(r.consumerActor())
	for _, w := range r.service().workers {
		r.sched.wakeUp(w)
	}
}

// quiescent reports whether nothing is left in flight: the broker is up, no
// outbox row is pending, and the consumer has nothing pending or unacked.
func (r *Run) quiescent(ctx context.Context) bool {
	if !r.broker.Up() {
		return false
	}
	var pending int
	if err := r.orders.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE sent IS NULL`).Scan(&pending); err != nil || pending > 0 {
		return false
	}
	if !r.captureSettled(ctx) {
		return false
	}
	cctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	stream, err := r.js.Stream(cctx, r.names.stream)
	if err != nil {
		return false
	}
	info, err := r.js.Consumer(cctx, r.names.stream, r.names.consumer)
	if err != nil {
		return false
	}
	// The consumer's own counts lag behind the stream for a moment after a
	// publish; its ack floor against the stream's last sequence does not.
	ci := info.CachedInfo()
	return ci.AckFloor.Stream >= stream.CachedInfo().State.LastSeq && ci.NumPending == 0 && ci.NumAckPending == 0
}

// judge reads back both worlds and hands the history to the checker.
func (r *Run) judge() error {
	rows, err := r.readOrders()
	if err != nil {
		return err
	}
	ships, err := r.readShipments()
	if err != nil {
		return err
	}
	r.record(func(h *check.History) { h.DB, h.Shipments = rows, ships })
	if u, ok := r.cfg.Strategy.(interface{ Unseen() string }); ok {
		r.record(func(h *check.History) { h.Unseen = u.Unseen() })
	}
	r.mu.Lock()
	h := r.hist
	r.mu.Unlock()
	r.verdict = check.Judge(h)
	r.phase = finished
	r.trace.Add(trace.Event{Actor: trace.Lab, Step: "verdict", Detail: verdictLine(r.verdict)})
	return nil
}

func verdictLine(v check.Verdict) string {
	if v.Consistent {
		return "CONSISTENT: every committed order reached shipping exactly as committed"
	}
	a := v.Anomalies
	return fmt.Sprintf("INCONSISTENT: lost %d, ghost %d, duplicate %d, reordered %d", a.Lost, a.Ghost, a.Duplicate, a.Reordered)
}

func (r *Run) readOrders() ([]check.Row, error) {
	rs, err := r.orders.QueryContext(r.ctx, `SELECT id, status, version FROM orders ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	defer rs.Close()
	var out []check.Row
	for rs.Next() {
		var row check.Row
		if err := rs.Scan(&row.Order, &row.Status, &row.Version); err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, rs.Err()
}

func (r *Run) readShipments() ([]check.Shipment, error) {
	rs, err := r.ship.QueryContext(r.ctx, `SELECT order_id, (SELECT status FROM shipments l WHERE l.order_id = s.order_id ORDER BY id DESC LIMIT 1), count(*), max(version)
		FROM shipments s GROUP BY order_id ORDER BY min(id)`)
	if err != nil {
		return nil, fmt.Errorf("read shipments: %w", err)
	}
	defer rs.Close()
	var out []check.Shipment
	for rs.Next() {
		var s check.Shipment
		if err := rs.Scan(&s.Order, &s.Status, &s.Count, &s.Version); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rs.Err()
}
