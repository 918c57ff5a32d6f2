package lab

import (
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/trace"
)

// brokerDown stops the embedded server now. With d > 0 a lab timer brings it
// back d later; otherwise it stays down until recovery or ToggleBroker. cause
// is what every publish that fails for the outage is blamed on, so that one
// outage has one explanation.
func (r *Run) brokerDown(d time.Duration, cause check.Strike) {
	if r.cfg.NATSURL != "" {
		r.trace.Add(trace.Event{Actor: trace.Lab, Step: "broker down",
			Detail: "the broker at " + RedactURL(r.cfg.NATSURL) + " is not ours to stop: broker outages need the embedded broker"})
		return
	}
	if r.broker.Shared() {
		r.trace.Add(trace.Event{Actor: trace.Lab, Step: "broker down",
			Detail: "the broker is shared with other runs and not this run's to stop: broker outages need a broker of the run's own"})
		return
	}
	if !r.broker.Up() {
		return
	}
	if d == 0 && r.phase != working {
		// Down "until recovery" while recovery already runs: it comes
		// back after recoveryOutage, so that recovery can end.
		d = recoveryOutage
	}
	r.outageCause = &cause
	r.broker.Stop()
	// Let every client notice, so the next publish fails at once, the same
	// way on every run, instead of waiting out its ack timeout on a dead pipe.
	if err := r.waitClients(func(nc *nats.Conn) bool { return !nc.IsConnected() }); err != nil {
		r.fail(err)
		return
	}
	until := "until recovery"
	if d > 0 {
		until = "for " + d.String()
	}
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.NATS, Step: "broker down", ByHand: cause.Point == byHand,
		Detail: "✗ the NATS server stops " + until + "; its store is kept on disk"})
	if d > 0 {
		r.outage = r.sched.spawn(trace.Lab, rankLab, func(a *actor) {
			r.sched.sleep(a, d, "broker up", "")
			r.outage = nil
			r.brokerUp()
		})
	}
}

// brokerUp starts the server again on the same store and waits, with a bound,
// until every client has reconnected.
func (r *Run) brokerUp() {
	if r.outage != nil {
		// Brought back early (recovery, or by hand): the outage's timer has
		// nothing left to do.
		r.sched.kill(r.outage)
		r.outage = nil
	}
	if r.broker.Up() {
		return
	}
	r.outageCause = nil
	if err := r.broker.Start(); err != nil {
		r.fail(fmt.Errorf("restart the broker: %w", err))
		return
	}
	if err := r.waitClients((*nats.Conn).IsConnected); err != nil {
		r.fail(err)
		return
	}
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.NATS, Step: "broker up",
		Detail: "the NATS server is back with its stream intact; every client has reconnected"})
	// A restarted server keeps delivered, unacked messages pending until
	// AckWait, whatever nak it had been sent.
	r.redeliverLater()
	r.wakeAll()
}

// byHand is the point of a crash or outage made by a key in the UI.
const byHand = "by hand"

// ToggleBroker takes the broker down until toggled again, or brings it back.
// Called between steps, by the UI.
func (r *Run) ToggleBroker() {
	if r.broker.Up() {
		r.brokerDown(0, check.Strike{Point: byHand, Action: "broker-down", By: trace.Lab,
			Text: fmt.Sprintf("the broker was taken down by hand at +%s on the lab's clock", ms(r.sched.clock()))})
		return
	}
	r.brokerUp()
}

// CrashService kills the service instance now, between steps, as the UI's
// crash key does. The orders its caller and workers were working on get the
// crash as a cause.
func (r *Run) CrashService() {
	s := r.service()
	text := fmt.Sprintf("the service was crashed by hand at +%s on the lab's clock", ms(r.sched.clock()))
	var orders []string
	if r.calling.Load() == s {
		for _, c := range r.callers() {
			if c.order != "" && r.sched.stateOf(c) != done {
				orders = append(orders, c.order)
			}
		}
	}
	for _, w := range s.workers {
		if w.order != "" {
			orders = append(orders, w.order)
		}
	}
	for _, o := range orders {
		r.blame(check.Strike{Order: o, Point: byHand, Action: "crash", By: trace.Service, Text: text})
	}
	r.crash(withActor(r.ctx, &actor{name: trace.Lab}), s, byHand)
}

// recoveryOutage is how long an outage that began during recovery lasts when
// its fault gave no duration, on the lab's clock.
const recoveryOutage = time.Second

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

// Arm arms a fault at one of the strategy's points, between steps.
func (r *Run) Arm(f faults.Fault) error {
	if err := faults.Validate(f, r.cfg.Points); err != nil {
		return err
	}
	if f.StopsBroker() && r.storage() == jetstream.MemoryStorage {
		return fmt.Errorf("%s: this run keeps its stream in memory, which a broker stop would lose; start the run with the fault instead", f)
	}
	r.plan.Arm(f)
	return nil
}

// Faults lists the armed faults as POINT=TERM.
func (r *Run) Faults() []string {
	var out []string
	for _, f := range r.plan.Faults() {
		out = append(out, f.String())
	}
	return out
}

// Config returns the run's config, with defaults set.
func (r *Run) Config() Config { return r.cfg }

// Trace returns the steps so far.
func (r *Run) Trace() []trace.Event { return r.trace.Events() }

// waitClients polls, with a bound that only a broken lab reaches, until ok
// holds for every open client connection of the run.
func (r *Run) waitClients(ok func(*nats.Conn) bool) error {
	conns := []*nats.Conn{r.admin, r.service().nc}
	r.mu.Lock()
	if r.consumer != nil {
		conns = append(conns, r.consumer.nc)
	}
	r.mu.Unlock()
	deadline := time.Now().Add(ackSafety)
	for _, nc := range conns {
		for !ok(nc) && !nc.IsClosed() {
			if time.Now().After(deadline) {
				return fmt.Errorf("%w: a client did not notice the broker within %s of real time", ErrNotSettled, ackSafety)
			}
			time.Sleep(time.Millisecond)
		}
	}
	if r.admin.IsConnected() {
		// The lab's own subscriptions (the tap) are back once the server
		// has answered a round trip.
		return r.admin.Flush()
	}
	return nil
}
