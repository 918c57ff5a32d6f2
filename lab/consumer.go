package lab

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/trace"
)

// Consumer is shipping: a durable JetStream consumer that applies each event to
// its own SQLite database and then acks. What it holds is what downstream
// believes.
type Consumer struct {
	run    *Run
	gen    int
	db     *sql.DB
	nc     *nats.Conn
	js     jetstream.JetStream
	cons   jetstream.Consumer // nil until reached: a consumer may start during an outage
	dedup  bool
	refuse atomic.Bool
	actor  *actor
}

func (r *Run) startConsumer(gen int) (*Consumer, error) {
	c := &Consumer{run: r, gen: gen}
	if i, ok := r.cfg.Strategy.(Idempotent); ok {
		c.dedup = i.IdempotentConsumer()
	}
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

// loop takes one message at a time: receive, apply, ack, all in one turn, so a
// slow presenter never makes JetStream redeliver. It idles when there is
// nothing, polling for redeliveries.
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

// next fetches one message, or returns nil. JetStream tells its consumers of a
// new message a moment after it acks the publish, so when the lab knows of a
// message the consumer has not seen, the fetch waits for it (with a bound)
// instead of finding nothing yet.
func (c *Consumer) next() jetstream.Msg {
	var batch jetstream.MessageBatch
	var err error
	if c.cons == nil {
		ctx, cancel := context.WithTimeout(c.run.ctx, time.Second)
		c.cons, err = c.js.Consumer(ctx, c.run.names.stream, c.run.names.consumer)
		cancel()
		if err != nil {
			c.cons = nil
			return nil
		}
	}
	switch {
	case c.run.unacked.Load():
		// A message is out and unacked (its consumer died, or it was
		// nak'd): JetStream delivers nothing else, one in flight, until it
		// redelivers that one. Look briefly; the poll comes back for it.
		batch, err = c.cons.Fetch(1, jetstream.FetchMaxWait(20*time.Millisecond))
	case c.run.seen.Load() < c.run.lastStored.Load():
		batch, err = c.cons.Fetch(1, jetstream.FetchMaxWait(time.Second))
	default:
		batch, err = c.cons.FetchNoWait(1)
	}
	if err != nil {
		return nil
	}
	var msg jetstream.Msg
	for m := range batch.Messages() {
		msg = m
	}
	if msg != nil {
		c.run.unacked.Store(true)
		if meta, err := msg.Metadata(); err == nil {
			raise(&c.run.seen, meta.Sequence.Stream)
		}
	}
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
		c.run.unacked.Store(false)
		return true
	}
	a.order = ev.Order
	d := check.Delivery{Order: ev.Order, Event: ev.Type, Version: ev.Version, State: ev.State,
		MsgID: msg.Headers().Get(jetstream.MsgIDHeader)}
	redelivery := ""
	if meta != nil {
		d.Seq = meta.Sequence.Stream
		d.Redelivered = meta.NumDelivered > 1
		if d.Redelivered {
			redelivery = fmt.Sprintf(" (redelivery #%d)", meta.NumDelivered-1)
		}
	}
	c.run.trace.Add(trace.Event{Actor: trace.NATS, Target: trace.Consumer, Step: "deliver", Order: ev.Order,
		Detail: fmt.Sprintf("deliver seq %d: %s%s", d.Seq, ev, redelivery)})

	if c.strike(ctx, "consumer.before-apply").Action == faults.Error {
		c.refuse.Store(true)
	}
	applied, err := c.apply(ctx, ev, d.MsgID)
	c.refuse.Store(false)
	if err != nil {
		c.emit(trace.SQLite, "apply", "apply failed ("+err.Error()+"): nak, JetStream will redeliver", ev.Order)
		msg.NakWithDelay(c.run.cfg.ConsumerPoll)
		return false
	}
	d.Applied = applied
	d.At = c.run.trace.Since()
	c.run.record(func(h *check.History) { h.Deliveries = append(h.Deliveries, d) })
	if applied {
		c.emit(trace.SQLite, "apply", c.appliedText(ev), ev.Order)
	} else {
		c.emit(trace.SQLite, "absorb", fmt.Sprintf("message %s is already in the inbox: duplicate absorbed, nothing applied", d.MsgID), ev.Order)
	}
	c.strike(ctx, "consumer.after-apply")
	if err := msg.DoubleAck(ctx); err != nil {
		c.emit(trace.NATS, "ack", "ack failed: "+err.Error(), ev.Order)
		return false
	}
	c.run.unacked.Store(false)
	c.emit(trace.NATS, "ack", fmt.Sprintf("ack seq %d", d.Seq), ev.Order)
	return true
}

func (c *Consumer) appliedText(ev Event) string {
	if ev.creates() {
		return fmt.Sprintf("INSERT INTO shipments %s (%s): shipping will ship it", ev.Order, ev.State)
	}
	return fmt.Sprintf("UPDATE shipments SET status = %s WHERE order = %s (v%d)", ev.State, ev.Order, ev.Version)
}

// apply writes the event to shipping's database in one transaction. With an
// inbox, a message id seen before is absorbed: applied is false.
func (c *Consumer) apply(ctx context.Context, ev Event, msgID string) (applied bool, err error) {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	now := stamp(time.Now())
	if c.dedup && msgID != "" {
		_, err := tx.ExecContext(ctx, `INSERT INTO inbox (msg_id, applied_at) VALUES (?, ?)`, msgID, now)
		var se sqlite3.Error
		if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
	if ev.creates() {
		_, err = tx.ExecContext(ctx, `INSERT INTO shipments (order_id, status, version, applied_at) VALUES (?, ?, ?, ?)`,
			ev.Order, ev.State, ev.Version, now)
	} else {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `UPDATE shipments SET status = ?, version = ?, applied_at = ? WHERE order_id = ?`,
			ev.State, ev.Version, now, ev.Order)
		if n, _ := res.RowsAffected(); err == nil && n == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO shipments (order_id, status, version, applied_at) VALUES (?, ?, ?, ?)`,
				ev.Order, ev.State, ev.Version, now)
		}
	}
	if err != nil {
		return false, err
	}
	return true, tx.Commit()
}

func (c *Consumer) emit(target, step, detail, order string) {
	c.run.trace.Add(trace.Event{Actor: trace.Consumer, Target: target, Step: step, Detail: detail, Order: order})
}

// strike is the consumer's fault point: a crash kills the consumer instance,
// which restarts with the message still unacked.
func (c *Consumer) strike(ctx context.Context, point string) faults.Decision {
	r := c.run
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
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.Consumer, Step: "crash",
		Detail: fmt.Sprintf("✗ consumer instance #%d killed: its unacked message stays pending in JetStream", c.gen)})
	c.nc.Close()
	c.db.Close()
	next, err := r.startConsumer(c.gen + 1)
	if err != nil {
		r.fail(fmt.Errorf("restart the consumer: %w", err))
		return
	}
	r.setConsumer(next)
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.Consumer, Step: "restart",
		Detail: fmt.Sprintf("consumer instance #%d starts; JetStream redelivers what was not acked after AckWait (%s)", next.gen, r.cfg.AckWait)})
}
