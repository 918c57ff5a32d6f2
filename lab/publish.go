package lab

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/trace"
)

// ErrAckTimeout is what a publisher sees when no ack comes back in time: it
// cannot tell whether the event was stored.
var ErrAckTimeout = errors.New("no ack from JetStream in time")

// Publish sends ev to JetStream and waits for its ack. point names the fault
// point at the publish.
func (s *Service) Publish(ctx context.Context, point string, ev Event) error {
	a := s.step(ctx, "publish", ev.Order)
	d := s.run.strike(ctx, s, point)
	msg := nats.NewMsg(s.run.names.subject(ev))
	msg.Data = ev.payload()
	if ev.MsgID != "" {
		msg.Header.Set(jetstream.MsgIDHeader, ev.MsgID)
	}
	switch d.Action {
	case faults.BrokerDown:
		s.run.brokerDown(d.Arg)
	case faults.Error:
		// A real rejection: JetStream refuses a message that expects another stream.
		msg.Header.Set(jetstream.ExpectedStreamHeader, "NOT-"+s.run.names.stream)
	}
	s.emit(ctx, trace.NATS, "publish", "publish "+ev.String()+" on "+s.run.names.subject(ev)+msgIDNote(ev), ev.Order)

	pctx, cancel := context.WithTimeout(ctx, s.run.cfg.AckTimeout)
	ack, err := s.js.PublishMsg(pctx, msg)
	cancel()
	if err != nil {
		why := ""
		if errors.Is(err, nats.ErrReconnectBufExceeded) {
			why = " (the client is disconnected and buffers nothing while it is)"
		}
		s.run.trace.Add(trace.Event{Actor: trace.NATS, Target: a.name, Step: "error", Order: ev.Order,
			Detail: "publish failed: " + err.Error() + why + "; nothing stored"})
		return fmt.Errorf("publish %s: %w", ev, err)
	}
	s.run.stored(ack, ev, d.Action == faults.AckLost, a.name)
	if d.Action == faults.AckLost {
		s.run.sched.sleep(a, s.run.cfg.AckTimeout, "wait for ack", ev.Order)
		s.alive()
		s.emit(ctx, "", "timeout", fmt.Sprintf("no ack within %s: the %s cannot tell whether %s is out", s.run.cfg.AckTimeout, a.name, ev), ev.Order)
		return fmt.Errorf("publish %s: %w", ev, ErrAckTimeout)
	}
	return nil
}

// stored puts JetStream's answer to a publish on the trace and wakes the
// consumer when there is something new for it.
func (r *Run) stored(ack *jetstream.PubAck, ev Event, lost bool, to string) {
	var detail string
	switch {
	case ack.Duplicate:
		detail = fmt.Sprintf("duplicate of seq %d (Nats-Msg-Id %s): JetStream absorbs it, nothing new stored", ack.Sequence, ev.MsgID)
		r.record(func(h *check.History) { h.BrokerDeduplicated++ })
	default:
		detail = fmt.Sprintf("stored %s as seq %d", ev, ack.Sequence)
		raise(&r.lastStored, ack.Sequence)
		r.sched.wakeUp(r.consumerActor())
	}
	if lost {
		detail += "; ⚡ the ack is lost on its way back"
		to = ""
	}
	r.trace.Add(trace.Event{Actor: trace.NATS, Target: to, Step: "ack", Detail: detail, Order: ev.Order})
}

func msgIDNote(ev Event) string {
	if ev.MsgID == "" {
		return ""
	}
	return " (Nats-Msg-Id " + ev.MsgID + ")"
}
