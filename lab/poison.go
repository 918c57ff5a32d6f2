package lab

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"github.com/dualwrite/dualwrite/words"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/trace"
)

// A poison event is one shipping can never apply, on any delivery (the poison
// fault makes one). Without a bound JetStream delivers it again and again, and
// since shipping applies in stream order everything behind it waits. With
// --max-deliver N JetStream gives it up after N deliveries and says so in its
// max-deliveries advisory; the lab's dead-letter handler, listening for that
// advisory, copies the message to the dead-letter stream, where it is parked
// until `dualwrite replay` puts it back.
//
// JetStream's BackOff is timed on the server's wall clock, so the backoff
// between two deliveries is played on the lab's clock instead: shipping keeps
// the refused message (nothing else flows meanwhile, one in flight), sleeps
// the backoff and then naks it, and JetStream's delivery count, read from the
// message's metadata, says which delivery it was.

// maxPoisonBackoff caps the doubling backoff between two deliveries of a
// poison event.
const maxPoisonBackoff = time.Minute

// MaxDeliverLimit is the highest --max-deliver the lab takes.
const MaxDeliverLimit = 20

// deadLetterSubject is where a parked message goes: its own subject under dead.
func (n names) deadLetterSubject(subject string) string { return n.prefix + "dead." + subject }

// deadLetters is the dead-letter stream's name.
func (n names) deadLetters() string { return n.stream + "_DEAD" }

// maxDeliveriesAdvisory is the subject JetStream announces a given-up message on.
func (n names) maxDeliveriesAdvisory() string {
	return "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + n.stream + "." + n.consumer
}

// consumerMaxDeliver is the durable consumer's MaxDeliver: -1 is no bound.
func (c Config) consumerMaxDeliver() int {
	if c.MaxDeliver > 0 {
		return c.MaxDeliver
	}
	return -1
}

// setupDeadLetters creates the dead-letter stream and listens for JetStream's
// max-deliveries advisory, when the run bounds deliveries.
func (r *Run) setupDeadLetters(ctx context.Context) error {
	if r.cfg.MaxDeliver == 0 {
		return nil
	}
	_, err := ensureStream(ctx, r.js, tagged(jetstream.StreamConfig{
		Name: r.names.deadLetters(), Subjects: []string{r.names.deadLetterSubject(">")}, Storage: r.storage(),
		Duplicates: realWindow,
	}))
	if err != nil {
		return fmt.Errorf("create the dead-letter stream %s: %w", r.names.deadLetters(), err)
	}
	if r.advisories, err = r.admin.SubscribeSync(r.names.maxDeliveriesAdvisory()); err != nil {
		return fmt.Errorf("listen for JetStream's max-deliveries advisory: %w", err)
	}
	return r.admin.Flush()
}

// poisoned says shipping refused the message at seq before: it is poison.
func (c *Consumer) poisoned(ctx context.Context, seq uint64) bool {
	var n int
	err := c.db.QueryRowContext(ctx, `SELECT count(*) FROM refusals WHERE seq = ?`, seq).Scan(&n)
	return err == nil && n > 0
}

// refusePoison records that shipping cannot apply d, then hands the message
// back: after a backoff on the lab's clock, or, at the last delivery
// --max-deliver allows, at once, so JetStream gives it up. It returns false:
// nothing was applied.
func (c *Consumer) refusePoison(ctx context.Context, msg jetstream.Msg, d delivery) bool {
	r := c.run
	a := actorOf(ctx)
	ev := d.event
	_, err := c.db.ExecContext(ctx, `INSERT INTO refusals (order_id, version, seq, delivery, at_ns) VALUES (?, ?, ?, ?, ?)`,
		ev.Order, ev.Version, d.seq, d.times, r.sched.clock())
	if err != nil {
		r.fail(fmt.Errorf("record shipping's refusal of seq %d: %w", d.seq, err))
		return false
	}
	r.refused.Store(true)
	r.trace.Add(trace.Event{Actor: trace.Consumer, Target: trace.SQLite, Step: "apply", Order: ev.Order, Version: ev.Version, Seq: d.seq, Outcome: "poison",
		Detail: fmt.Sprintf("%s cannot be applied, on this delivery (#%d) or any other: nothing of it is in shipping.db, and every event behind it waits", ev, d.times)})
	if max := r.cfg.MaxDeliver; max > 0 && d.times >= max {
		c.nak(msg)
		raise(&r.acked, d.seq)
		r.givingUp.Store(d.seq)
		r.trace.Add(trace.Event{Actor: trace.Consumer, Target: trace.NATS, Step: "nak", Order: ev.Order, Seq: d.seq,
			Detail: fmt.Sprintf("nak seq %d: that was delivery %d of %d (MaxDeliver), so JetStream will not deliver it again; it announces that in its max-deliveries advisory", d.seq, d.times, max)})
		return false
	}
	wait := poisonBackoff(r.cfg.PoisonBackoff, d.times)
	bound := "no bound on deliveries: JetStream will deliver it again and again"
	if max := r.cfg.MaxDeliver; max > 0 {
		bound = fmt.Sprintf("delivery %d of at most %d, MaxDeliver", d.times, max)
	}
	r.trace.Add(trace.Event{Actor: trace.Consumer, Target: trace.NATS, Step: "backoff", Order: ev.Order, Seq: d.seq,
		Detail: fmt.Sprintf("keep seq %d for a backoff of %s on the lab's clock, then nak it (%s)", d.seq, wait, bound)})
	r.sched.sleep(a, wait, "backoff", ev.Order)
	c.nak(msg)
	return false
}

// poisonBackoff is the wait after the n-th delivery: first, doubled each time,
// capped at maxPoisonBackoff.
func poisonBackoff(first time.Duration, n int) time.Duration {
	d := first
	for i := 1; i < n && d < maxPoisonBackoff; i++ {
		d *= 2
	}
	return min(d, maxPoisonBackoff)
}

// fetch asks JetStream for one message. When it only has a given-up message
// to drop, there may be nothing to deliver, so it does not wait for one.
func (c *Consumer) fetch() (jetstream.Msg, error) {
	r := c.run
	return pullOne(c.cons, r.givingUp.Load() != 0 && r.acked.Load() >= r.lastStored.Load())
}

// gaveUp is called after a fetch: a message given up is behind JetStream now,
// and its advisory on its way to the dead-letter handler. It reports whether
// there was one.
func (r *Run) gaveUp() bool {
	seq := r.givingUp.Swap(0)
	if seq == 0 {
		return false
	}
	r.sched.spawn(trace.Lab, rankLab, func(a *actor) {
		if err := r.parkDeadLetter(seq); err != nil {
			r.fail(fmt.Errorf("%w: dead-letter seq %d: %v", ErrNotSettled, seq, err))
		}
	})
	return true
}

// maxDeliveriesAdvisory is the part of JetStream's advisory the handler reads.
type maxDeliveriesAdvisory struct {
	Stream     string `json:"stream"`
	Consumer   string `json:"consumer"`
	StreamSeq  uint64 `json:"stream_seq"`
	Deliveries uint64 `json:"deliveries"`
}

// parkDeadLetter waits for JetStream's advisory about seq and copies the
// message to the dead-letter stream. The wait is bounded only by the
// real-time safety net: the advisory was sent during the fetch just made.
func (r *Run) parkDeadLetter(seq uint64) error {
	m, err := r.advisories.NextMsg(ackSafety)
	if err != nil {
		return fmt.Errorf("no max-deliveries advisory: %w", err)
	}
	var adv maxDeliveriesAdvisory
	if err := json.Unmarshal(m.Data, &adv); err != nil {
		return err
	}
	if adv.StreamSeq != seq {
		return fmt.Errorf("the advisory is about seq %d", adv.StreamSeq)
	}
	r.trace.Add(trace.Event{Actor: trace.NATS, Target: trace.Lab, Step: "advisory", Seq: seq,
		Detail: fmt.Sprintf("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES: seq %d of %s was delivered %s to %s and is given up; the events behind it flow again", seq, adv.Stream, words.Count(int(adv.Deliveries), "time", "times"), adv.Consumer)})
	ctx, cancel := context.WithTimeout(r.ctx, ackSafety)
	defer cancel()
	stream, err := r.js.Stream(ctx, r.names.stream)
	if err != nil {
		return err
	}
	raw, err := stream.GetMsg(ctx, seq)
	if err != nil {
		return err
	}
	out := nats.NewMsg(r.names.deadLetterSubject(raw.Subject))
	out.Data = raw.Data
	out.Header.Set(jetstream.MsgIDHeader, "dead-"+strconv.FormatUint(seq, 10))
	out.Header.Set(hdrDeadSeq, strconv.FormatUint(seq, 10))
	out.Header.Set(hdrDeadDeliveries, strconv.FormatUint(adv.Deliveries, 10))
	out.Header.Set(hdrDeadSubject, raw.Subject)
	ack, err := r.js.PublishMsg(ctx, out)
	if err != nil {
		return err
	}
	r.mu.Lock()
	if r.parked == nil {
		r.parked = map[uint64]bool{}
	}
	r.parked[seq] = true
	r.mu.Unlock()
	var ev Event
	_ = json.Unmarshal(raw.Data, &ev)
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.NATS, Step: "park", Order: ev.Order, Version: ev.Version, Seq: seq,
		Detail: fmt.Sprintf("%s (seq %d) parked in the dead-letter stream %s as seq %d: it waits there for `dualwrite replay`", ev, seq, ack.Stream, ack.Sequence)})
	return nil
}

// The headers a parked message carries.
const (
	hdrDeadSeq        = "Dualwrite-Dead-Seq"
	hdrDeadDeliveries = "Dualwrite-Dead-Deliveries"
	hdrDeadSubject    = "Dualwrite-Dead-Subject"
)

// readPoison reads what the checker needs to tell a parked or waiting event
// from a lost one: shipping's refusals, the dead-letter stream, and the
// messages still in the orders stream that shipping never acked.
func (r *Run) readPoison(ctx context.Context, h *check.History) error {
	var err error
	h.Refusals, err = query(ctx, r.shippingReader(), "read shipping's refusals", `SELECT order_id, version, seq, delivery, at_ns FROM refusals ORDER BY id`, func(rs *sql.Rows) (check.Refusal, error) {
		var f check.Refusal
		var at int64
		err := rs.Scan(&f.Order, &f.Version, &f.Seq, &f.Delivery, &at)
		f.At = time.Duration(at)
		return f, err
	})
	if err != nil || len(h.Refusals) == 0 {
		return err
	}
	cctx, cancel := context.WithTimeout(ctx, ackSafety)
	defer cancel()
	if h.Queued, err = r.unackedMessages(cctx); err != nil {
		return err
	}
	h.DeadLetters, err = r.parkedMessages(cctx)
	return err
}

// unackedMessages are the orders stream's messages above shipping's ack floor
// that shipping has not acked: what still waits to be applied.
func (r *Run) unackedMessages(ctx context.Context) ([]check.Queued, error) {
	stream, err := r.js.Stream(ctx, r.names.stream)
	if err != nil {
		return nil, err
	}
	cons, err := r.js.Consumer(ctx, r.names.stream, r.names.consumer)
	if err != nil {
		return nil, err
	}
	var out []check.Queued
	for seq := cons.CachedInfo().AckFloor.Stream + 1; seq <= stream.CachedInfo().State.LastSeq; seq++ {
		raw, err := stream.GetMsg(ctx, seq)
		if err != nil {
			continue // deleted: nothing waits there
		}
		var ev Event
		if json.Unmarshal(raw.Data, &ev) == nil {
			out = append(out, check.Queued{Order: ev.Order, Version: ev.Version, Seq: seq})
		}
	}
	return out, nil
}

// parkedMessages reads the dead-letter stream.
func (r *Run) parkedMessages(ctx context.Context) ([]check.DeadLetter, error) {
	if r.cfg.MaxDeliver == 0 {
		return nil, nil
	}
	dead, err := r.js.Stream(ctx, r.names.deadLetters())
	if err != nil {
		return nil, err
	}
	st := dead.CachedInfo().State
	var out []check.DeadLetter
	for seq := st.FirstSeq; st.Msgs > 0 && seq <= st.LastSeq; seq++ {
		raw, err := dead.GetMsg(ctx, seq)
		if err != nil {
			continue // replayed and removed
		}
		var ev Event
		if json.Unmarshal(raw.Data, &ev) != nil {
			continue
		}
		orig, _ := strconv.ParseUint(raw.Header.Get(hdrDeadSeq), 10, 64)
		n, _ := strconv.Atoi(raw.Header.Get(hdrDeadDeliveries))
		out = append(out, check.DeadLetter{Order: ev.Order, Version: ev.Version, Seq: orig, Deliveries: n})
	}
	return out, nil
}

// PoisonLine says in words what a poison event holds up, or "": the trace's
// verdict step and the text verdict line both say it.
func PoisonLine(v check.Verdict) string {
	var parts []string
	if n := len(v.Parked); n > 0 {
		parts = append(parts, fmt.Sprintf("parked %d (in the dead-letter stream, not lost)", n))
	}
	if b := v.Blocked; b != nil {
		parts = append(parts, fmt.Sprintf("blocked on seq %d (%s), %s waiting behind it", b.Seq, b.Order, words.Count(len(b.Waiting), "order", "orders")))
	}
	return strings.Join(parts, "; ")
}

// pastParked is the consumer's ack floor moved past the messages JetStream
// gave up and the lab parked: JetStream leaves its floor below a given-up
// message that nothing was acked after.
func (r *Run) pastParked(floor uint64) uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.parked[floor+1] {
		floor++
	}
	return floor
}
