package lab

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/trace"
)

// A fleet is shipping run as several instances (--consumers N). Without
// partitions they share one durable consumer whose MaxAckPending is N, so N
// events are out at once, each with its own instance, and the one that
// finishes first applies first: events of one order can apply out of order.
// With --partitions N the account maps each order's subject to one of N
// partitions (NATS subject mapping, partition(N, order)), and each instance
// has a durable consumer of its own partition with MaxAckPending 1: in order
// per order, in parallel across orders.
//
// Nothing real decides the interleaving. An instance fetches only during its
// turn and only a message the lab knows JetStream holds for it, and it works
// on it for a time drawn from the run's seed, on the lab's clock; whoever is
// done first applies first.

// FleetLimit is the most shipping instances (and partitions) the lab runs.
const FleetLimit = 8

// workTime is how long an instance of a fleet works on one message, drawn
// from the seed, uniform up to maxWork: a call to a carrier, a slow disk, a
// GC pause. The instances do not take turns; whoever is done first applies.
func (f *fleet) workTime() time.Duration {
	d := StepCost + time.Duration(f.work.Int64N(int64(maxWork)))
	return d.Round(10 * time.Microsecond)
}

// maxWork bounds the work on one message.
const maxWork = 10 * time.Millisecond

type fleet struct {
	members []*Consumer
	work    *rand.Rand // how long each instance works on a message; from the seed
	known   uint64     // the highest stream sequence the lab sorted into queue
	queue   map[int][]uint64
}

func (c Config) validateFleet() error {
	if c.Consumers < 0 || c.Consumers > FleetLimit {
		return inputErrorf("bad --consumers %d: it must be from 1 to %d", c.Consumers, FleetLimit)
	}
	if c.Partitions < 0 || c.Partitions > FleetLimit {
		return inputErrorf("bad --partitions %d: it must be from 1 to %d (or 0: no partitions)", c.Partitions, FleetLimit)
	}
	if c.Partitions > 0 && c.Consumers != c.Partitions {
		return inputErrorf("--partitions %d runs one in-order consumer per partition: give --consumers %d too", c.Partitions, c.Partitions)
	}
	if c.Partitions > 0 && c.NATSURL != "" {
		return inputErrorf("--partitions maps subjects on the embedded broker's account; with --nats-url there is none to configure: drop one of the two")
	}
	if c.Consumers <= 1 {
		return nil
	}
	for _, f := range c.Faults {
		if strings.HasPrefix(f.Point, "consumer.") {
			return inputErrorf("%s: with --consumers %d a consumer fault would strike one of several instances, which the lab does not model; drop one of the two", f, c.Consumers)
		}
		if f.StopsBroker() {
			return inputErrorf("%s: with --consumers %d the lab does not model an outage under several instances; drop one of the two", f, c.Consumers)
		}
	}
	return nil
}

// maxAckPending is how many messages shipping may hold unacked at once on
// one durable consumer.
func (c Config) maxAckPending() int {
	if c.Consumers > 1 && c.Partitions == 0 {
		return c.Consumers
	}
	return 1
}

// partitionMappings are the account's subject mappings of --partitions: an
// order's event subject, orders.<event>.<order>, goes to
// orders.<partition>.<event>.<order>, the partition a hash of the order id.
// partitionConsumer is the durable consumer of partition p.
// partitionOf reads the partition from a mapped subject.
// setupPartitions maps the subjects and creates one durable consumer per
// partition, in order (MaxAckPending 1).
// startFleet starts the instances beyond the first.
func (r *Run) startFleet(gen int) error {
	if r.cfg.Consumers <= 1 {
		return nil
	}
	r.fleet = &fleet{members: []*Consumer{r.consumer}, queue: map[int][]uint64{},
		work: rand.New(rand.NewPCG(uint64(r.cfg.Seed), 0x666c656574))}
	for i := 1; i < r.cfg.Consumers; i++ {
		c, err := r.startConsumer(gen)
		if err != nil {
			return err
		}
		c.member = i
		r.fleet.members = append(r.fleet.members, c)
	}
	how := fmt.Sprintf("%d shipping instances share the durable consumer %s (MaxAckPending %d): each event goes to whichever instance asks, and they work at once", r.cfg.Consumers, r.names.consumer, r.cfg.maxAckPending())
	if r.cfg.Partitions > 0 {
		var mapped []string
		for _, m := range r.names.partitionMappings(r.cfg.Partitions) {
			mapped = append(mapped, m[0]+" → "+m[1])
		}
		how = fmt.Sprintf("subjects mapped %s; %d shipping instances, one per partition, each on its own durable consumer with MaxAckPending 1: in order per order", strings.Join(mapped, " and "), r.cfg.Partitions)
	}
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.Consumer, Step: "fleet", Detail: how})
	return nil
}

// closeFleet closes the instances beyond the first.
func (r *Run) closeFleet() {
	if r.fleet == nil {
		return
	}
	for _, c := range r.fleet.members[1:] {
		c.nc.Close()
		c.db.Close()
	}
}

// wakeFleet makes every idle instance look for work.
func (r *Run) wakeFleet() {
	if r.fleet == nil {
		return
	}
	for _, c := range r.fleet.members {
		r.sched.wakeUp(c.actor)
	}
}

// sort reads the partition of every message stored since it last looked,
// from the message itself, and queues it for that partition's instance.
func (f *fleet) sort(r *Run) error {
	last := r.lastStored.Load()
	if f.known >= last {
		return nil
	}
	if r.cfg.Partitions == 0 {
		for seq := f.known + 1; seq <= last; seq++ {
			f.queue[0] = append(f.queue[0], seq)
		}
		f.known = last
		return nil
	}
	ctx, cancel := context.WithTimeout(r.ctx, ackSafety)
	defer cancel()
	stream, err := r.js.Stream(ctx, r.names.stream)
	if err != nil {
		return err
	}
	for seq := f.known + 1; seq <= last; seq++ {
		raw, err := stream.GetMsg(ctx, seq)
		if err != nil {
			return fmt.Errorf("read seq %d: %w", seq, err)
		}
		p, ok := r.names.partitionOf(raw.Subject)
		if !ok {
			return fmt.Errorf("seq %d is on %s, which no partition maps", seq, raw.Subject)
		}
		f.queue[p] = append(f.queue[p], seq)
		f.known = seq
	}
	return nil
}

// take pops the next sequence JetStream holds for member m, if any.
func (f *fleet) take(m int, parts int) (uint64, bool) {
	q := 0
	if parts > 0 {
		q = m
	}
	if len(f.queue[q]) == 0 {
		return 0, false
	}
	seq := f.queue[q][0]
	f.queue[q] = f.queue[q][1:]
	return seq, true
}

// nextInFleet is next for an instance of a fleet: it fetches the message the
// lab knows JetStream holds for it, then works on it for a seeded time, while
// the other instances take theirs.
func (c *Consumer) nextInFleet() jetstream.Msg {
	r, f := c.run, c.run.fleet
	if !c.nc.IsConnected() {
		return nil
	}
	if err := f.sort(r); err != nil {
		r.fail(fmt.Errorf("%w: sort messages into partitions: %v", ErrNotSettled, err))
		return nil
	}
	want, ok := f.take(c.member, r.cfg.Partitions)
	if !ok {
		return nil
	}
	durable := r.names.consumer
	if r.cfg.Partitions > 0 {
		durable = r.names.partitionConsumer(c.member)
	}
	if c.cons == nil {
		ctx, cancel := context.WithTimeout(r.ctx, ackSafety)
		cons, err := c.js.Consumer(ctx, r.names.stream, durable)
		cancel()
		if err != nil {
			r.fail(fmt.Errorf("%w: open the durable consumer %s: %v", ErrNotSettled, durable, err))
			return nil
		}
		c.cons = cons
	}
	msg, err := pullOne(c.cons, false)
	if err != nil && msg == nil {
		r.fail(fmt.Errorf("%w: shipping #%d's fetch failed: %v", ErrNotSettled, c.member+1, err))
		return nil
	}
	if msg == nil {
		r.fail(fmt.Errorf("%w: JetStream held seq %d for shipping #%d and delivered nothing within %s of real time", ErrNotSettled, want, c.member+1, ackSafety))
		return nil
	}
	meta, err := msg.Metadata()
	if err != nil || meta.Sequence.Stream != want {
		r.fail(fmt.Errorf("%w: shipping #%d expected seq %d from %s and got another (%v)", ErrNotSettled, c.member+1, want, durable, err))
		return nil
	}
	c.holding = msg
	var ev Event
	_ = json.Unmarshal(msg.Data(), &ev)
	d := f.workTime()
	r.trace.Add(trace.Event{Actor: trace.Consumer, Target: trace.NATS, Step: "take", Order: ev.Order, Version: ev.Version, Seq: want,
		Detail: fmt.Sprintf("shipping #%d takes seq %d (%s) from %s and works on it for %s on the lab's clock; the other instances take what comes next", c.member+1, want, ev, durable, d)})
	r.wakeFleet()
	r.sched.sleep(c.actor, d, "work", ev.Order)
	return msg
}

// partitionsDrained says every partition's consumer has acked all it holds:
// nothing pending, nothing out, and the lab has sorted every stored message.
// addMapping adds a subject mapping to the account of the lab's clients, now
// and at every restart of the broker.
