package lab

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync/atomic"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/trace"
)

// Consumer is shipping: a durable JetStream consumer that applies each event to
// its own SQLite database and then acks. What it holds is what downstream
// believes.
type Consumer struct {
	run  *Run
	gen  int
	db   *sql.DB
	nc   *nats.Conn
	js   jetstream.JetStream
	cons jetstream.Consumer // nil until reached: a consumer may start during an outage
	// guarantee is what shipping does with a delivery it has seen before
	// or that is older than what it holds.
	guarantee Guarantee
	// holding is the message received and not yet acked. Only the
	// consumer's own goroutine touches it, during its turns, and the lab
	// when it kills the consumer in one of those turns.
	holding jetstream.Msg
	refuse  atomic.Bool
	actor   *actor
	member  int // its place in a fleet of instances (--consumers), from 0
}

func (r *Run) startConsumer(gen int) (*Consumer, error) {
	c := &Consumer{run: r, gen: gen, guarantee: r.cfg.guarantee()}
	db, err := openSQLite(filepath.Join(r.dir, "shipping.db"), "", &c.refuse, lockWait)
	if err != nil {
		return nil, err
	}
	nc, err := r.broker.connect(fmt.Sprintf("shipping-%d", gen))
	if err != nil {
		db.Close()
		return nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		db.Close()
		return nil, fmt.Errorf("open the shipping consumer: %w", err)
	}
	c.db, c.nc, c.js = db, nc, js
	c.actor = r.sched.spawn(trace.Consumer, rankConsumer, func(a *actor) {
		defer recoverCrash()
		if gen > 1 {
			// Like a restarted worker: a consumer crashing in a loop must
			// not starve everyone else.
			r.sched.sleep(a, r.cfg.RestartDelay, "start", "")
		}
		c.loop(withActor(r.ctx, a))
	})
	return c, nil
}

// loop takes one message at a time: receive, apply, ack. It idles when there
// is nothing, polling for redeliveries.
func (c *Consumer) loop(ctx context.Context) {
	a := actorOf(ctx)
	for {
		msg := c.next()
		if msg == nil {
			c.run.sched.idle(a, c.run.cfg.ConsumerPoll)
			continue
		}
		if c.handle(ctx, msg) {
			c.run.sched.announce(a, "", "") // there may be more right away
		} else {
			c.run.sched.idle(a, c.run.cfg.ConsumerPoll)
		}
	}
}

// next fetches the next message, or returns nil when there is none to have.
// The lab knows when JetStream has one for shipping: a stored sequence not yet
// acked, and no message out with another holder (one in flight at a time).
// Then the fetch waits for it, bounded only by a real-time safety net, since
// JetStream hands it over a moment after it stored it; otherwise nothing is
// fetched, so no real timing decides what the consumer sees.
func (c *Consumer) next() jetstream.Msg {
	r := c.run
	if r.fleet != nil {
		return c.nextInFleet()
	}
	if r.unacked.Load() || (r.acked.Load() >= r.lastStored.Load() && r.givingUp.Load() == 0) || !c.nc.IsConnected() {
		return nil
	}
	if c.cons == nil {
		ctx, cancel := context.WithTimeout(r.ctx, ackSafety)
		cons, err := c.js.Consumer(ctx, r.names.stream, r.names.consumer)
		cancel()
		if err != nil {
			return nil
		}
		c.cons = cons
	}
	msg, err := c.fetch()
	if err != nil && msg == nil {
		if c.nc.IsConnected() && !c.nc.IsClosed() {
			r.fail(fmt.Errorf("%w: shipping's fetch failed: %v", ErrNotSettled, err))
		}
		return nil
	}
	if r.gaveUp() && msg == nil {
		return nil // JetStream dropped a poison message and had nothing behind it
	}
	if msg == nil {
		if c.nc.IsConnected() && !c.nc.IsClosed() {
			r.fail(fmt.Errorf("%w: JetStream held seq %d for shipping and delivered nothing within %s of real time", ErrNotSettled, r.acked.Load()+1, ackSafety))
		}
		return nil
	}
	r.unacked.Store(true)
	c.holding = msg
	seq := uint64(0)
	if meta, err := msg.Metadata(); err == nil {
		seq = meta.Sequence.Stream
	}
	r.setInflight(inflight{reply: msg.Reply(), seq: seq})
	r.note(journalEntry{Kind: jInflight, Reply: msg.Reply(), Seq: seq})
	return msg
}

// handle applies one message and acks it; it reports whether it did.
func (c *Consumer) handle(ctx context.Context, msg jetstream.Msg) bool {
	a := actorOf(ctx)
	var ev Event
	meta, _ := msg.Metadata()
	if err := json.Unmarshal(msg.Data(), &ev); err != nil {
		c.emit(trace.Consumer, "skip", "cannot read message: "+err.Error(), "")
		msg.Term()
		c.settle(meta)
		return true
	}
	a.order = ev.Order
	del := delivery{event: ev, msgID: msg.Headers().Get(jetstream.MsgIDHeader), times: 1}
	redelivery := ""
	if meta != nil {
		del.seq, del.times = meta.Sequence.Stream, int(meta.NumDelivered)
		if del.times > 1 {
			redelivery = fmt.Sprintf(" (redelivery #%d)", del.times-1)
		}
	}
	c.run.trace.Add(trace.Event{Actor: trace.NATS, Target: trace.Consumer, Step: "deliver", Order: ev.Order, Version: ev.Version, Seq: del.seq, Type: ev.typeName(), Delivery: del.times,
		Detail: fmt.Sprintf("deliver seq %d: %s%s", del.seq, ev, redelivery)})

	if c.poisoned(ctx, del.seq) {
		return c.refusePoison(ctx, msg, del)
	}
	switch c.strike(ctx, "consumer.before-apply").Action {
	case faults.Poison:
		return c.refusePoison(ctx, msg, del)
	case faults.Error:
		c.refuse.Store(true)
	case faults.Delay:
		// A live consumer that is slow says so, as Msg.InProgress does, and
		// JetStream does not hand its message to anyone else meanwhile.
		msg.InProgress()
	}
	adm, err := c.apply(ctx, del)
	c.refuse.Store(false)
	if err != nil {
		c.run.trace.Add(trace.Event{Actor: trace.Consumer, Target: trace.SQLite, Step: "apply", Order: ev.Order, Version: ev.Version, Seq: del.seq, Outcome: "refused",
			Detail: "applying it failed (" + err.Error() + "): nothing of it is in shipping.db; nak, so JetStream delivers it again"})
		c.nak(msg)
		return false
	}
	switch adm.fate {
	case Applied:
		c.run.trace.Add(trace.Event{Actor: trace.Consumer, Target: trace.SQLite, Step: "apply", Order: ev.Order, Version: ev.Version, Seq: del.seq, Outcome: Applied,
			Detail: c.appliedText(ev)})
	case Discarded:
		c.run.trace.Add(trace.Event{Actor: trace.Consumer, Target: trace.SQLite, Step: "discard", Order: ev.Order, Version: ev.Version, Seq: del.seq, Outcome: Discarded,
			Detail: adm.notApplied(del)})
	default:
		c.run.trace.Add(trace.Event{Actor: trace.Consumer, Target: trace.SQLite, Step: "absorb", Order: ev.Order, Version: ev.Version, Seq: del.seq, Outcome: Absorbed, MsgID: adm.key,
			Detail: adm.notApplied(del)})
	}
	c.strike(ctx, "consumer.after-apply")
	actx, cancel := context.WithTimeout(ctx, ackSafety)
	defer cancel()
	if err := msg.DoubleAck(actx); err != nil {
		c.emit(trace.NATS, "ack", "ack failed ("+err.Error()+"): the message stays pending in JetStream", ev.Order)
		c.lose(msg)
		return false
	}
	c.settle(meta)
	c.run.trace.Add(trace.Event{Actor: trace.Consumer, Target: trace.NATS, Step: "ack", Order: ev.Order, Seq: del.seq, Detail: fmt.Sprintf("ack seq %d", del.seq)})
	return true
}

// nak hands the held message back for redelivery now. The broker confirms it,
// as DoubleAck confirms an ack: JetStream takes acks and naks in on a queue of
// its own, so without the answer the next fetch could overtake the nak, find
// nothing and, at the delivery bound, never send the max-deliveries advisory.
// A nak that may not have reached the broker (it went down) leaves the message
// pending, as a lost ack does.
func (c *Consumer) nak(msg jetstream.Msg) {
	ctx, cancel := context.WithTimeout(c.run.ctx, ackSafety)
	defer cancel()
	if _, err := c.nc.RequestWithContext(ctx, msg.Reply(), []byte("-NAK")); err != nil {
		c.lose(msg)
		return
	}
	c.holding = nil
	c.run.unacked.Store(false)
}

// lose gives up a held message without a confirmed ack or nak: JetStream
// keeps it pending until AckWait passes.
func (c *Consumer) lose(msg jetstream.Msg) {
	c.holding = nil
	c.run.redeliverLater()
}

// settle records that the held message is done with: acked or terminated.
func (c *Consumer) settle(meta *jetstream.MsgMetadata) {
	if meta != nil {
		raise(&c.run.acked, meta.Sequence.Stream)
		c.run.note(journalEntry{Kind: jAcked, Seq: meta.Sequence.Stream})
	}
	c.holding = nil
	c.run.setInflight(inflight{})
	c.run.unacked.Store(false)
}

func (c *Consumer) appliedText(ev Event) string {
	if ev.creates() {
		return fmt.Sprintf("INSERT INTO shipments %s (%s): shipping will ship it", ev.Order, ev.State)
	}
	return fmt.Sprintf("UPDATE shipments SET status = %s WHERE order = %s (v%d)", ev.State, ev.Order, ev.Version)
}

// delivery is one message as shipping received it.
type delivery struct {
	event Event
	msgID string
	seq   uint64
	times int // 1 for the first delivery, 2 for the first redelivery, ...
}

// apply writes the event to shipping's database in one transaction, with a
// line in its journal. The consumer's guarantee decides first (see admit):
// a delivery it absorbs or discards writes only its journal line.
func (c *Consumer) apply(ctx context.Context, d delivery) (admission, error) {
	ev := d.event
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return admission{}, err
	}
	defer tx.Rollback()
	now := c.run.stamp()
	adm, err := c.admit(ctx, tx, d, now)
	if err != nil {
		return admission{}, err
	}
	applied := adm.fate == Applied
	if applied {
		if err := applyShipment(ctx, tx, ev, now); err != nil {
			return admission{}, err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO journal (order_id, event, version, state, seq, msg_id, delivery, applied, discarded, at_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ev.Order, ev.Type, ev.Version, ev.State, d.seq, d.msgID, d.times, applied, adm.fate == Discarded, c.run.sched.clock())
	if err != nil {
		return admission{}, err
	}
	return adm, tx.Commit()
}

func applyShipment(ctx context.Context, tx *sql.Tx, ev Event, now string) error {
	if ev.creates() {
		_, err := tx.ExecContext(ctx, `INSERT INTO shipments (order_id, status, version, applied_at) VALUES (?, ?, ?, ?)`,
			ev.Order, ev.State, ev.Version, now)
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE shipments SET status = ?, version = ?, applied_at = ? WHERE order_id = ?`,
		ev.State, ev.Version, now, ev.Order)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO shipments (order_id, status, version, applied_at) VALUES (?, ?, ?, ?)`,
			ev.Order, ev.State, ev.Version, now)
	}
	return err
}

func (c *Consumer) emit(target, step, detail, order string) {
	c.run.trace.Add(trace.Event{Actor: trace.Consumer, Target: target, Step: step, Detail: detail, Order: order})
}

// strike is the consumer's fault point: a crash kills the consumer instance,
// which restarts with the message still unacked.
func (c *Consumer) strike(ctx context.Context, point string) faults.Decision {
	r := c.run
	r.declared(point)
	d := r.plan.Eval(point)
	if !d.Strikes() {
		return d
	}
	a := actorOf(ctx)
	r.noteStrike(a, point, d)
	switch d.Action {
	case faults.Crash:
		r.crashConsumer(c)
		panic(crashSignal{})
	case faults.Delay:
		r.sched.sleep(a, d.Arg, "delay", a.order)
	}
	return d
}

func (r *Run) crashConsumer(c *Consumer) {
	held := c.holding
	what := "it held no message"
	if held != nil {
		what = "its unacked message stays pending in JetStream"
	}
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.Consumer, Step: "crash",
		Detail: fmt.Sprintf("✗ consumer instance #%d killed: %s", c.gen, what)})
	c.nc.Close()
	c.db.Close()
	next, err := r.startConsumer(c.gen + 1)
	if err != nil {
		r.fail(fmt.Errorf("restart the consumer: %w", err))
		return
	}
	r.setConsumer(next)
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.Consumer, Step: "restart",
		Detail: fmt.Sprintf("consumer instance #%d starts on the same durable consumer", next.gen)})
	if held != nil {
		r.redeliverLater()
	}
}

// inflight is the message shipping received last and has not acked: its ack
// subject and stream sequence.
type inflight struct {
	reply string
	seq   uint64
}

func (r *Run) setInflight(f inflight) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.inflight = f
}

// orphaned returns the message shipping received and never acked when no
// live consumer holds it: its holder died, or an outage swallowed its ack or
// nak. JetStream keeps such a message pending until AckWait passes.
func (r *Run) orphaned() (inflight, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.inflight.reply == "" || (r.consumer != nil && r.consumer.holding != nil) {
		return inflight{}, false
	}
	return r.inflight, true
}

// redeliverLater plays JetStream's AckWait on the lab's clock for a message
// no live consumer holds: once AckWait has passed, the lab naks it on its ack
// subject, a real JetStream mechanism, and JetStream delivers it again.
// JetStream's own wall-clock AckWait is set far beyond any run (realWindow),
// so only this decides when the redelivery comes.
func (r *Run) redeliverLater() {
	f, ok := r.orphaned()
	if !ok {
		return
	}
	r.unacked.Store(true)
	r.sched.spawn(trace.Lab, rankLab, func(a *actor) {
		r.sched.sleep(a, r.cfg.AckWait, "ack wait", "")
		if cur, ok := r.orphaned(); !ok || cur != f {
			return // delivered again meanwhile
		}
		if !r.broker.Up() {
			return // brokerUp arms another wait
		}
		if err := r.admin.Publish(f.reply, []byte("-NAK")); err == nil {
			err = r.admin.Flush()
		}
		r.unacked.Store(false)
		r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.NATS, Step: "ack wait", Seq: f.seq,
			Detail: fmt.Sprintf("AckWait (%s) has passed with seq %d unacked and no live consumer holding it: JetStream makes it due again (the lab naks it on the lab's clock)", r.cfg.AckWait, f.seq)})
		r.sched.wakeUp(r.consumerActor())
	})
}
