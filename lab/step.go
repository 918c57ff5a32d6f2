package lab

import (
	"context"
	"errors"
	"fmt"
	"strings"

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

// ErrNotSettled is a lab that spent its real-time safety net in recovery
// without settling: a failure of the tool, never a verdict.
var ErrNotSettled = errors.New("the lab did not settle")

func (r *Run) advance(ctx context.Context) error {
	if err := r.failed(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	switch r.phase {
	case working:
		if r.workloadDone() {
			r.recover()
			return nil
		}
		if !r.sched.turn(true) {
			r.recover()
		}
	case recovering:
		// Only real work counts against the safety net: the wall clock is
		// read at the start and end of this step, never across a pause.
		from := r.cfg.Wall()
		defer func() {
			r.wallSpent += r.cfg.Wall().Sub(from)
			if r.phase == recovering && r.wallSpent > r.cfg.WallLimit {
				r.fail(fmt.Errorf("%w: %s of real work in recovery (%s on the lab's clock)", ErrNotSettled, r.cfg.WallLimit, r.sched.clock()-r.recoverAt))
			}
		}()
		if !r.sched.busy() && r.quiescent(ctx) {
			r.settled = true
			return r.judge()
		}
		now := r.sched.clock()
		if r.liftedAt < 0 && now-r.recoverAt > r.cfg.FaultGrace {
			r.liftAll()
		}
		if !r.blockedForGood() {
			r.blockedAt = -1
		} else if r.blockedAt < 0 {
			r.blockedAt = now
		}
		if r.blockedAt >= 0 && now-r.blockedAt > r.cfg.SettleTimeout {
			r.trace.Add(trace.Event{Actor: trace.Lab, Step: "timeout",
				Detail: fmt.Sprintf("the world cannot settle: for %s on the lab's clock no fault was left to strike, and shipping refused a poison event that JetStream, with no bound on deliveries, hands back forever; judging it as it is", r.cfg.SettleTimeout)})
			return r.judge()
		}
		if r.liftedAt >= 0 && now-r.liftedAt > r.cfg.SettleTimeout {
			r.trace.Add(trace.Event{Actor: trace.Lab, Step: "timeout",
				Detail: fmt.Sprintf("the world did not settle within %s on the lab's clock once every fault was lifted; judging it as it is", r.cfg.SettleTimeout)})
			return r.judge()
		}
		if !r.sched.turn(true) {
			return r.judge()
		}
	}
	return r.failed()
}

// workloadDone says every caller has had its last reply.
func (r *Run) workloadDone() bool {
	for _, a := range r.callers() {
		if r.sched.stateOf(a) != done {
			return false
		}
	}
	return true
}

// recover ends the workload. Faults stay armed, so workers meet them as they
// catch up, except a term that strikes every time and would keep the world
// from ever settling; a broker down until recovery comes back; workers and
// the consumer are woken to catch up.
func (r *Run) recover() {
	r.phase = recovering
	r.recoverAt = r.sched.clock()
	lifted := r.plan.LiftUnbounded()
	parts := []string{"workload done: every caller has had its reply"}
	if !r.broker.Up() && r.outage == nil {
		parts = append(parts, "the broker comes back")
		r.brokerUp()
	}
	parts = append(parts, "workers and the consumer catch up")
	if armed := r.plan.Live(); len(armed) > 0 {
		parts = append(parts, "these faults stay armed: "+strings.Join(armed, ", "))
	}
	if len(lifted) > 0 {
		parts = append(parts, "lifted, since they would strike every time and never let the world settle: "+strings.Join(lifted, ", "))
	}
	r.trace.Add(trace.Event{Actor: trace.Lab, Step: "recover", Detail: strings.Join(parts, "; ")})
	r.wakeAll()
}

// blockedForGood reports whether the world can never settle, however long
// recovery waits: no fault can strike any more, the broker is up, and
// shipping has refused a poison event that has no bound on its deliveries,
// so JetStream hands it back and shipping refuses it forever while
// everything behind it waits. Waiting out FaultGrace then would only add
// refusals of the same event.
func (r *Run) blockedForGood() bool {
	return r.cfg.MaxDeliver == 0 && r.refused.Load() && r.plan.Spent() && r.broker.Up()
}

// liftAll lifts every fault still armed: recovery gave them FaultGrace on the
// lab's clock, and the world has not settled with them. An outage still
// running is a fault too: the broker comes back now, not when its timer says.
func (r *Run) liftAll() {
	r.liftedAt = r.sched.clock()
	r.plan.Disarm()
	r.trace.Add(trace.Event{Actor: trace.Lab, Step: "lift",
		Detail: fmt.Sprintf("the world has not settled %s into recovery with the faults armed: every fault is lifted now", r.cfg.FaultGrace)})
	if !r.broker.Up() {
		r.brokerUp()
	}
	r.wakeAll()
}

func (r *Run) wakeAll() {
	r.sched.wakeUp(r.consumerActor())
	r.wakeFleet()
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
	if err := r.ordersReader().QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE sent IS NULL`).Scan(&pending); err != nil || pending > 0 {
		return false
	}
	if !r.captureSettled(ctx) {
		return false
	}
	if r.tp != nil && r.tp.unfinished(ctx) > 0 {
		return false
	}
	// The safety net, not less: an answer later than a bound of real time
	// would read as "not settled yet", and the run would step on or be judged
	// unsettled because the machine was busy.
	cctx, cancel := context.WithTimeout(ctx, ackSafety)
	defer cancel()
	stream, err := r.js.Stream(cctx, r.names.stream)
	if err != nil {
		return false
	}
	if r.cfg.Partitions > 0 {
		return r.partitionsDrained(cctx, stream.CachedInfo().State.LastSeq)
	}
	info, err := r.js.Consumer(cctx, r.names.stream, r.names.consumer)
	if err != nil {
		return false
	}
	// The consumer's own counts lag behind the stream for a moment after a
	// publish; its ack floor against the stream's last sequence does not.
	ci := info.CachedInfo()
	return r.pastParked(ci.AckFloor.Stream) >= stream.CachedInfo().State.LastSeq && ci.NumPending == 0 && ci.NumAckPending == 0
}

// judge reads back both worlds from their stores and hands them, with what
// only the callers and the lab know, to the checker.
func (r *Run) judge() error {
	h, err := r.readStores(r.ctx)
	if err != nil {
		return err
	}
	r.mu.Lock()
	h.Attempts, h.Strikes, h.BrokerDeduplicated = r.hist.Attempts, r.hist.Strikes, r.hist.BrokerDeduplicated
	r.mu.Unlock()
	if u, ok := r.cfg.Strategy.(Blind); ok {
		h.Unseen = u.Unseen()
	}
	if r.killedAt >= 0 {
		h.Killed = fmt.Sprintf("the process was killed (kill -9) at +%s and the run resumed, and after such a kill JetStream redelivers what it had not durably recorded as acked", ms(r.killedAt))
	}
	r.verdict = check.Judge(h)
	r.phase = finished
	r.note(journalEntry{Kind: jEnd})
	outcome := "inconsistent"
	if r.verdict.Consistent {
		outcome = "consistent"
	}
	r.trace.Add(trace.Event{Actor: trace.Lab, Step: "verdict", Outcome: outcome, Detail: verdictLine(r.verdict)})
	return nil
}

func verdictLine(v check.Verdict) string {
	if v.Consistent {
		return "CONSISTENT: every committed order reached shipping exactly as committed"
	}
	a := v.Anomalies
	if held := PoisonLine(v); held != "" {
		return fmt.Sprintf("INCONSISTENT: lost %d, ghost %d, duplicate %d, reordered %d%s; %s", a.Lost, a.Ghost, a.Duplicate, a.Reordered, a.DoubleOrderNote(", "), held)
	}
	return fmt.Sprintf("INCONSISTENT: lost %d, ghost %d, duplicate %d, reordered %d", a.Lost, a.Ghost, a.Duplicate, a.Reordered) + a.DoubleOrderNote(", ")
}
