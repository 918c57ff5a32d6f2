package lab

import (
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/trace"
)

// brokerDown stops the embedded server now. With d > 0 a lab timer brings it
// back d later; otherwise it stays down until recovery or ToggleBroker.
func (r *Run) brokerDown(d time.Duration) {
	if r.cfg.NATSURL != "" {
		r.trace.Add(trace.Event{Actor: trace.Lab, Step: "broker down",
			Detail: "the broker at " + RedactURL(r.cfg.NATSURL) + " is not ours to stop: broker outages need the embedded broker"})
		return
	}
	if !r.broker.Up() {
		return
	}
	r.broker.Stop()
	// Let every client notice, so the next publish fails at once, the same
	// way on every run, instead of waiting out its ack timeout on a dead pipe.
	r.waitClients(func(nc *nats.Conn) bool { return !nc.IsConnected() })
	until := "until recovery"
	if d > 0 {
		until = "for " + d.String()
	}
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.NATS, Step: "broker down",
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
	start := time.Now()
	if err := r.broker.Start(); err != nil {
		r.fail(fmt.Errorf("restart the broker: %w", err))
		return
	}
	r.waitClients((*nats.Conn).IsConnected)
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.NATS, Step: "broker up",
		Detail: fmt.Sprintf("the NATS server is back with its stream intact; clients reconnected in %s", time.Since(start).Round(time.Millisecond))})
	r.wakeAll()
}

// ToggleBroker takes the broker down until toggled again, or brings it back.
// Called between steps, by the UI.
func (r *Run) ToggleBroker() {
	if r.broker.Up() {
		r.brokerDown(0)
		return
	}
	r.brokerUp()
}

// CrashService kills the service instance now, between steps, as the UI's
// crash key does.
func (r *Run) CrashService() {
	r.crash(withActor(r.ctx, &actor{name: trace.Lab}), r.service(), "by hand")
}

// Arm arms a fault at one of the strategy's points, between steps.
func (r *Run) Arm(f faults.Fault) error {
	if err := faults.Validate(f, r.cfg.Points); err != nil {
		return err
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

// waitClients polls, with a bound, until ok holds for every open client
// connection of the run.
func (r *Run) waitClients(ok func(*nats.Conn) bool) {
	conns := []*nats.Conn{r.admin, r.service().nc}
	r.mu.Lock()
	if r.consumer != nil {
		conns = append(conns, r.consumer.nc)
	}
	r.mu.Unlock()
	deadline := time.Now().Add(5 * time.Second)
	for _, nc := range conns {
		for !ok(nc) && !nc.IsClosed() && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
	}
}
