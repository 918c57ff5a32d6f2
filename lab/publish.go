package lab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/trace"
)

// ErrAckTimeout is what a publisher sees when no ack comes back in time: it
// cannot tell whether the event was stored.
var ErrAckTimeout = errors.New("no ack from JetStream in time: the event may or may not be stored")

// ackSafety bounds a real wait for an answer that the broker, being up and in
// this process, always gives. It never decides an outcome: running out of it
// is a failure of the lab.
const ackSafety = 30 * time.Second

// Publish outcomes, as the trace's Outcome field names them.
const (
	Stored    = "stored"    // JetStream stored it and said so
	Duplicate = "duplicate" // JetStream recognised the message id and stored nothing new
	Rejected  = "rejected"  // JetStream refused it: nothing stored
	Unsent    = "unsent"    // the client could not send it: nothing stored
	Unknown   = "unknown"   // no answer: it may or may not be stored
)

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
	if ev.ExpectLast != nil {
		msg.Header.Set(jetstream.ExpectedLastSubjSeqHeader, strconv.FormatUint(*ev.ExpectLast, 10))
	}
	switch d.Action {
	case faults.BrokerDown:
		s.run.brokerDown(d.Arg, check.Strike{Point: point, Action: string(d.Action), By: a.name,
			Text: strikeText(a.name, point, d, s.run.points[point].Means)})
	case faults.Error:
		// A real rejection: JetStream refuses a message that expects another stream.
		msg.Header.Set(jetstream.ExpectedStreamHeader, "NOT-"+s.run.names.stream)
	}
	s.run.trace.Add(trace.Event{Actor: a.name, Target: trace.NATS, Step: "publish", Order: ev.Order, Version: ev.Version, Type: ev.typeName(), MsgID: ev.MsgID,
		Detail: "publish " + ev.String() + " on " + s.run.names.subject(ev) + msgIDNote(ev)})
	if d.Action == faults.AckLost {
		return s.publishAckLost(ctx, a, msg, ev)
	}
	pctx, cancel := context.WithTimeout(ctx, ackSafety)
	ack, err := s.js.PublishMsg(pctx, msg)
	cancel()
	if err != nil {
		return s.run.publishFailed(a, ev, err, d.Action == faults.Error)
	}
	s.run.stored(pubAnswer{Seq: ack.Sequence, Duplicate: ack.Duplicate}, ev, a.name)
	return nil
}

// publishAckLost really loses the ack: the message goes out with a reply
// subject that no client of the service listens on, so JetStream stores it and
// sends its ack to nowhere the publisher can hear. The lab taps that subject
// to say on the trace what JetStream answered; the publisher waits out its ack
// timeout on the lab's clock and cannot tell what happened.
func (s *Service) publishAckLost(ctx context.Context, a *actor, msg *nats.Msg, ev Event) error {
	r := s.run
	msg.Reply = r.tap.subject()
	if err := s.nc.PublishMsg(msg); err != nil {
		return r.publishFailed(a, ev, err, false)
	}
	ans, err := r.tap.answer()
	if err != nil {
		r.fail(fmt.Errorf("%w: %v", ErrNotSettled, err))
		return err
	}
	if ans.Err != nil {
		r.trace.Add(trace.Event{Actor: trace.NATS, Step: "ack", Order: ev.Order, Outcome: Rejected,
			Detail: fmt.Sprintf("JetStream rejected %s (%s): nothing stored; ⚡ the answer is lost on its way back", ev, ans.Err.Description)})
	} else {
		r.stored(ans, ev, "")
	}
	r.sched.sleep(a, r.cfg.AckTimeout, "wait for ack", ev.Order)
	s.alive()
	r.trace.Add(trace.Event{Actor: a.name, Step: "timeout", Order: ev.Order, Outcome: Unknown,
		Detail: fmt.Sprintf("no ack within %s: the %s cannot tell whether %s was stored, so it counts the publish as failed", r.cfg.AckTimeout, a.name, ev)})
	return &PublishError{Event: ev.String(), Outcome: Unknown, Reason: fmt.Sprintf("no ack within %s", r.cfg.AckTimeout), Err: ErrAckTimeout}
}

// publishFailed says on the trace what a failed publish means for the
// message, which depends on why it failed.
func (r *Run) publishFailed(a *actor, ev Event, err error, injected bool) error {
	outcome, detail := Unknown, "publish failed ("+err.Error()+"): no answer, so the event may or may not be stored"
	told := err.Error()
	var apiErr *jetstream.APIError
	switch {
	case errors.As(err, &apiErr) && injected:
		outcome, told = Rejected, "JetStream rejected it (injected)"
		detail = fmt.Sprintf("JetStream rejected the publish (injected: the message expects another stream, so JetStream says %q): nothing stored", apiErr.Description)
	case errors.As(err, &apiErr):
		outcome, told = Rejected, "JetStream rejected it: "+apiErr.Description
		detail = fmt.Sprintf("JetStream rejected the publish (%s): nothing stored", apiErr.Description)
	case errors.Is(err, nats.ErrNoResponders), errors.Is(err, jetstream.ErrNoStreamResponse):
		outcome, told = Rejected, "no stream answered"
		detail = "no stream answered (JetStream is not ready): nothing stored"
	case errors.Is(err, nats.ErrReconnectBufExceeded), errors.Is(err, nats.ErrConnectionClosed),
		errors.Is(err, nats.ErrConnectionReconnecting), errors.Is(err, nats.ErrDisconnected):
		outcome, told = Unsent, "the service is disconnected from the broker"
		detail = "not sent: the client is disconnected from the broker and buffers nothing while it is, so nothing is stored"
	case errors.Is(err, context.DeadlineExceeded):
		r.fail(fmt.Errorf("%w: no answer from JetStream within %s of real time", ErrNotSettled, ackSafety))
	}
	r.trace.Add(trace.Event{Actor: trace.NATS, Target: a.name, Step: "error", Order: ev.Order, Outcome: outcome, Detail: detail})
	if c := r.outageCause; outcome == Unsent && c != nil {
		cause := *c
		cause.Order = ev.Order
		r.blame(cause)
	}
	return &PublishError{Event: ev.String(), Outcome: outcome, Reason: told, Err: err}
}

// PublishError is a publish that failed, as its caller is told of it.
type PublishError struct {
	Event   string
	Outcome string // rejected, unsent or unknown
	Reason  string
	Err     error
}

func (e *PublishError) Error() string {
	return "the publish of " + e.Event + " failed: " + e.Reason
}

func (e *PublishError) Unwrap() error { return e.Err }

// pubAnswer is JetStream's answer to a publish, as it goes over the wire.
type pubAnswer struct {
	Seq       uint64 `json:"seq"`
	Duplicate bool   `json:"duplicate,omitempty"`
	Err       *struct {
		Description string `json:"description"`
	} `json:"error,omitempty"`
}

// stored puts JetStream's answer to a publish on the trace and wakes the
// consumer when there is something new for it. to is who hears the ack; ""
// when it is lost.
func (r *Run) stored(ans pubAnswer, ev Event, to string) {
	e := trace.Event{Actor: trace.NATS, Target: to, Step: "ack", Order: ev.Order, Version: ev.Version, Seq: ans.Seq}
	switch {
	case ans.Duplicate:
		e.Outcome = Duplicate
		e.Detail = fmt.Sprintf("duplicate of seq %d (Nats-Msg-Id %s): JetStream absorbs it, nothing new stored", ans.Seq, ev.MsgID)
		r.record(func(h *check.History) { h.BrokerDeduplicated++ })
		r.note(journalEntry{Kind: jDedup})
	default:
		e.Outcome = Stored
		e.Detail = fmt.Sprintf("stored %s as seq %d", ev, ans.Seq)
		raise(&r.lastStored, ans.Seq)
		r.sched.wakeUp(r.consumerActor())
		r.wakeFleet()
	}
	if to == "" {
		e.Detail += "; ⚡ the ack goes to a reply subject nobody listens on: the publisher never gets it"
	}
	r.trace.Add(e)
}

func msgIDNote(ev Event) string {
	note := ""
	if ev.MsgID != "" {
		note = " (Nats-Msg-Id " + ev.MsgID + ")"
	}
	if ev.ExpectLast != nil {
		note += fmt.Sprintf(" (Nats-Expected-Last-Subject-Sequence %d)", *ev.ExpectLast)
	}
	return note
}

// tap is the lab's ear on the reply subjects of publishes whose ack is lost.
// It is the lab's own subscription on its own connection: no client of the
// service hears what arrives there.
type tap struct {
	prefix string
	n      int
	sub    *nats.Subscription
}

func (r *Run) openTap() error {
	r.tap.prefix = r.names.prefix + "_dualwrite.lost-acks"
	sub, err := r.admin.SubscribeSync(r.tap.prefix + ".>")
	if err != nil {
		return fmt.Errorf("listen for lost acks: %w", err)
	}
	r.tap.sub = sub
	return r.admin.Flush()
}

func (t *tap) subject() string {
	t.n++
	return fmt.Sprintf("%s.%d", t.prefix, t.n)
}

// answer reads what JetStream sent to the last tapped reply subject.
func (t *tap) answer() (pubAnswer, error) {
	var ans pubAnswer
	m, err := t.sub.NextMsg(ackSafety)
	if err != nil {
		return ans, fmt.Errorf("no answer from JetStream to a publish within %s of real time: %w", ackSafety, err)
	}
	if err := json.Unmarshal(m.Data, &ans); err != nil {
		return ans, fmt.Errorf("read JetStream's answer %q: %w", m.Data, err)
	}
	return ans, nil
}
