// Package lab is the world of one run: an order service on embedded SQLite,
// an embedded NATS JetStream server, the shipping consumer, crashes and
// restarts, broker outages, recovery, and the stepper that drives them.
package lab

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/trace"
)

type phase int

const (
	working    phase = iota // the workload is being placed
	recovering              // faults lifted, waiting for the world to settle
	finished                // judged
)

// Run is one run of a strategy: start it, step it or finish it, then close it.
type Run struct {
	cfg    Config
	dir    string
	tmp    bool
	ctx    context.Context
	cancel context.CancelFunc
	trace  *trace.Trace
	plan   *faults.Plan
	points map[string]faults.Point
	sched  sched
	broker *Broker
	admin  *nats.Conn
	js     jetstream.JetStream
	kv     jetstream.KeyValue // the offset bucket, once looked up (see offsets)
	orders *sql.DB            // the lab's own handles, to read back what is really stored
	ship   *sql.DB
	outage *actor // the lab timer that ends a broker outage, while one runs
	tap    tap    // the lab's ear on lost acks
	// outageCause is what the broker being down is blamed on while it is.
	outageCause *check.Strike
	names       names // the run's stream, consumer, bucket and subject prefix

	// lastStored is the highest stream sequence JetStream stored; acked the
	// highest one shipping acked (it acks in stream order, one at a time).
	lastStored, acked atomic.Uint64
	// nextOrder is the number of the last order id the service named.
	nextOrder atomic.Int64
	// calling is the service instance the caller is in a call with, if any.
	calling atomic.Pointer[Service]
	// unacked is set while a received message waits for its ack, and stays
	// set when the consumer dies holding it.
	unacked atomic.Bool
	// givingUp is the stream sequence of a poison message JetStream gives up
	// on at shipping's next fetch (see poison.go); advisories hears it did.
	givingUp   atomic.Uint64
	advisories *nats.Subscription
	parked     map[uint64]bool // stream sequences given up and parked, under mu
	// refused is set once shipping has stored its refusal of a poison event.
	refused atomic.Bool

	phase     phase
	recoverAt time.Duration // on the lab's clock
	killedAt  time.Duration // when the run this one resumes was killed; -1 if it resumes none
	liftedAt  time.Duration // when every fault was lifted; -1 until then
	blockedAt time.Duration // since when the world can never settle (blockedForGood); -1 while it can
	wallSpent time.Duration // real time spent stepping the recovery
	settled   bool
	abandoned bool // setup failed: a --db directory the run created goes again
	verdict   check.Verdict
	epoch     time.Time // what stored times count from (labEpoch, or a resumed run's own)

	mu       sync.Mutex
	calls    []*actor // the workload's client, and a race's contenders
	svc      *Service
	racers   []*Service // the contenders' instances of a race
	tp       *twoPC     // the participants and log of a two-phase commit
	consumer *Consumer
	fleet    *fleet   // shipping's other instances with --consumers N; nil with one
	inflight inflight // shipping's last received message while it is unacked
	hist     check.History
	err      error
	held     *labDir  // the --db directory, locked while the run lasts
	journal  *journal // what only the callers and the lab know, kept with --db
}

// Start builds the world of a run, ready to step.
//
// Setting up the broker's stream and consumer is not cut short by ctx: a
// server shut down while it still creates a stream leaks that stream's
// goroutines, so Start finishes its setup (bounded) and the caller closes.
func Start(ctx context.Context, cfg Config) (*Run, error) {
	cfg.Resume = false
	r, err := open(ctx, cfg, nil)
	if err != nil {
		return nil, err
	}
	reqs := workload(rand.New(rand.NewPCG(uint64(r.cfg.Seed), 0x6f72646572)), r.cfg.Orders, r.cfg.Lifecycle)
	r.addCaller(r.sched.spawn(trace.Service, rankService, func(a *actor) {
		ctx := withActor(r.ctx, a)
		first := true
		named := map[string]string{} // the caller's request number -> the order the service named for it
		for req := range reqs {
			if !first && r.cfg.Interval > 0 {
				r.sched.sleep(a, r.cfg.Interval, "request", req.Order)
			}
			r.ask(ctx, a, req, named)
			first = false
		}
		if rc, ok := r.cfg.Strategy.(Racer); ok {
			r.startRace(rc)
		}
	}))
	return r, nil
}

// open builds the world of a run: its directory, the broker with the run's
// stream and consumer, the databases, the service and the consumer. With rec,
// it is the world of a killed run, opened again on its files.
func open(ctx context.Context, cfg Config, rec *recovered) (_ *Run, err error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), setupBound)
	defer cancel()
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &Run{cfg: cfg, plan: faults.NewPlan(cfg.Seed, cfg.Faults...), points: map[string]faults.Point{}, names: plainNames(),
		liftedAt: -1, blockedAt: -1, killedAt: -1, epoch: labEpoch}
	r.trace = trace.New(r.sched.clock)
	if cfg.NATSURL != "" || cfg.Broker != nil {
		r.names = uniqueNames()
	}
	r.names.keyed = cfg.Partitions > 0
	if rec != nil {
		r.resumeFrom(rec)
	}
	for _, p := range cfg.Points {
		r.points[p.Name] = p
	}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	defer func() {
		if err != nil {
			r.abandoned = true
			r.Close()
		}
	}()
	if err := r.takeDir(); err != nil {
		return nil, err
	}
	if cfg.Broker != nil {
		r.broker = cfg.Broker
	} else if r.broker, err = newBroker(filepath.Join(r.dir, "nats"), cfg.Listen, cfg.NATSURL, cfg.Token); err != nil {
		return nil, err
	}
	if err := r.setupStream(ctx); err != nil {
		return nil, r.broker.Explain(err)
	}
	extra := ""
	if s, ok := cfg.Strategy.(Schemer); ok {
		extra = s.Schema()
	}
	if r.orders, err = openSQLite(filepath.Join(r.dir, "orders.db"), ordersSchema+extra, nil, lockWait); err != nil {
		return nil, err
	}
	if r.ship, err = openSQLite(filepath.Join(r.dir, "shipping.db"), shippingSchema, nil, lockWait); err != nil {
		return nil, err
	}
	if _, ok := cfg.Strategy.(TwoPhase); ok {
		if err := r.startTwoPC(ctx); err != nil {
			return nil, err
		}
	}
	where := "an embedded NATS JetStream server"
	if cfg.Broker != nil {
		where = "an embedded NATS JetStream server shared with other runs"
	}
	if cfg.NATSURL != "" {
		where = "NATS at " + RedactURL(cfg.NATSURL)
	}
	r.trace.Add(trace.Event{Actor: trace.Lab, Step: "start",
		Detail: fmt.Sprintf("orders.db and shipping.db in %s; %s (stream %s, consumer %s)", r.dir, where, r.names.stream, r.names.consumer)})
	if err := r.startJournal(rec != nil); err != nil {
		return nil, err
	}
	gen := 1
	if rec != nil {
		gen = 2 // the killed process ran the first instances
	}
	if r.svc, err = r.startService(gen); err != nil {
		return nil, err
	}
	if r.consumer, err = r.startConsumer(gen); err != nil {
		return nil, err
	}
	if err := r.startFleet(gen); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Run) addCaller(a *actor) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, a)
}

func (r *Run) callers() []*actor {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*actor(nil), r.calls...)
}

// ensureStream creates the stream cfg names, or updates it to cfg when it is
// there already (a resumed run's broker kept it). nats.go's
// CreateOrUpdateStream asks in the other order: an update that fails on a
// new name, then the create, two requests for every run of a campaign.
func ensureStream(ctx context.Context, js jetstream.JetStream, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
	s, err := js.CreateStream(ctx, cfg)
	if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
		return js.UpdateStream(ctx, cfg)
	}
	return s, err
}

func (r *Run) setupStream(ctx context.Context) (err error) {
	// The lab's subscriptions (the tap of lost acks, the advisories) are read
	// one message at a time right after what causes it; nats.go's default
	// queue of 65,536 messages would cost half a megabyte per run.
	if r.admin, err = r.broker.connect("lab", nats.SyncQueueLen(labQueue)); err != nil {
		return err
	}
	if r.js, err = jetstream.New(r.admin); err != nil {
		return err
	}
	_, err = ensureStream(ctx, r.js, tagged(jetstream.StreamConfig{
		Name: r.names.stream, Subjects: []string{r.names.orders()}, Storage: r.storage(),
		Duplicates: realWindow, Replicas: r.replicas(),
	}))
	if err != nil {
		return fmt.Errorf("create stream %s: %w", r.names.stream, err)
	}
	if r.cfg.Partitions > 0 {
		return r.setupPartitions(ctx)
	}
	_, err = r.js.CreateOrUpdateConsumer(ctx, r.names.stream, jetstream.ConsumerConfig{
		Durable: r.names.consumer, AckPolicy: jetstream.AckExplicitPolicy, AckWait: realWindow,
		MaxDeliver: r.cfg.consumerMaxDeliver(), DeliverPolicy: jetstream.DeliverAllPolicy, FilterSubject: r.names.orders(),
		// One message in flight: shipping applies events in stream order, and
		// a redelivery is not overtaken by the events behind it.
		MaxAckPending: r.cfg.maxAckPending(),
	})
	if err != nil {
		return fmt.Errorf("create consumer %s: %w", r.names.consumer, err)
	}
	if err := r.setupDeadLetters(ctx); err != nil {
		return err
	}
	return r.openTap()
}

// realWindow is what JetStream's own wall-clock timers are set to: the
// duplicate window and the consumer's AckWait. It is longer than any pause,
// so that no real timer decides an outcome. The lab's clock plays AckWait
// instead (see redeliverLater), and no run lasts long enough on it for the
// duplicate window to matter.
const realWindow = 24 * time.Hour

// labQueue bounds what the lab's own subscriptions hold unread. A message
// beyond it would be dropped as a slow consumer's, and the lab would fail
// the run for want of an answer; it never holds more than a few.
const labQueue = 256

// handle is the caller of the service: it sends one request and records what
// it was told. A crash of the service gives it no answer at all. s is the
// instance to call; nil means the service the supervisor keeps running.
func (r *Run) handle(ctx context.Context, a *actor, s *Service, req Request) check.Outcome {
	a.order = req.Order
	r.sched.announce(a, "request", r.preview(req))
	if s == nil {
		s = r.service()
	}
	req, answered := r.accept(ctx, s, req)
	a.order = req.Order
	r.trace.Add(trace.Event{Actor: a.name, Step: "request", Detail: req.String(), Order: req.Order, Op: string(req.Op)})
	start := r.trace.Since()
	r.note(journalEntry{Kind: jRequest, Attempt: &check.Attempt{Order: req.Order, Op: string(req.Op)}})
	r.calling.Store(s)
	outcome, err := check.OK, error(nil)
	if !answered {
		outcome, err = r.call(ctx, s, req)
	}
	r.calling.Store(nil)
	at := check.Attempt{Order: req.Order, Op: string(req.Op), Outcome: outcome, At: start, Request: req.Ref}
	detail := "the caller is told: ok"
	switch {
	case answered:
		detail = "the caller is told: ok, " + req.Order + " (the stored result of its key)"
	case outcome == check.Fail:
		at.Err = err.Error()
		detail = "the caller is told: failed: " + at.Err
	case outcome == check.Unknown && errors.Is(err, errReplyLost):
		detail = "the caller gets no answer: the service's reply was lost on its way back"
	case outcome == check.Unknown:
		detail = "the caller gets no answer: the service died during the call"
	}
	r.record(func(h *check.History) { h.Attempts = append(h.Attempts, at) })
	r.note(journalEntry{Kind: jReply, Attempt: &at})
	r.trace.Add(trace.Event{Actor: a.name, Step: "reply", Detail: detail, Order: req.Order, Outcome: string(outcome)})
	return outcome
}

func (r *Run) retries() bool {
	rt, ok := r.cfg.Strategy.(Retrier)
	return ok && rt.RetriesUnanswered()
}

func (r *Run) call(ctx context.Context, s *Service, req Request) (outcome check.Outcome, err error) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(crashSignal); !ok {
				panic(v)
			}
			outcome, err = check.Unknown, nil
		}
	}()
	err = r.cfg.Strategy.Handle(ctx, s, req)
	if r.replyLost(ctx, s) {
		return check.Unknown, errReplyLost
	}
	if err != nil {
		return check.Fail, err
	}
	return check.OK, nil
}

func (r *Run) record(f func(h *check.History)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.hist)
}

// fail records a failure of the lab itself; the run ends with it.
func (r *Run) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		r.err = err
	}
}

func (r *Run) failed() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

func (r *Run) service() *Service {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.svc
}

func (r *Run) setService(s *Service) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.svc = s
}

func (r *Run) setConsumer(c *Consumer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.consumer = c
}

func (r *Run) consumerActor() *actor {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.consumer == nil {
		return nil
	}
	return r.consumer.actor
}

// stamp is the time on the lab's clock as stored in SQLite: the real time
// the run started plus the lab's time, so stored times look real and still
// come out the same however long a step took.
// labEpoch is the zero of the lab's clock in the times a run stores
// (updated_at, sent, a poller's offset): a stored time is the lab's clock
// counted from 1970-01-01T00:00:00Z. It is then the same in every run of a
// seed, and it reads as what it is, a time on the lab's clock, not a real one.
var labEpoch = time.Unix(0, 0)

func (r *Run) stamp() string { return stamp(r.epoch.Add(r.sched.clock())) }

// Dir is where the run's files are.
func (r *Run) Dir() string { return r.dir }

// Close stops every actor and the broker and removes a temporary directory.
func (r *Run) Close() error {
	if r.cancel != nil {
		r.cancel()
	}
	if s := r.service(); s != nil {
		s.dead.Store(true)
	}
	r.sched.stop()
	r.mu.Lock()
	svcs, cons := append([]*Service{r.svc}, r.racers...), r.consumer
	r.mu.Unlock()
	for _, svc := range svcs {
		if svc != nil {
			svc.nc.Close()
			svc.db.Close()
		}
	}
	if cons != nil {
		cons.nc.Close()
		cons.db.Close()
	}
	r.closeFleet()
	if r.tp != nil {
		r.tp.close()
	}
	r.journal.close()
	if r.admin != nil {
		if r.cfg.NATSURL != "" || r.broker.Shared() {
			r.forgetNames()
		}
		r.admin.Close()
	}
	for _, db := range []*sql.DB{r.orders, r.ship} {
		if db != nil {
			db.Close()
		}
	}
	if r.broker != nil && !r.broker.Shared() {
		r.broker.Stop()
	}
	if r.abandoned {
		r.held.abandon()
	} else {
		r.held.release()
	}
	if r.tmp {
		return os.RemoveAll(r.dir)
	}
	return nil
}

// ClientURL is where the nats CLI reaches the broker when --listen was given.
func (r *Run) ClientURL() string { return r.broker.ClientURL() }

// forgetNames deletes the run's stream, and its staging stream, dead letters
// and bucket when its strategy and switches make them, from a shared server,
// so runs leave nothing behind there either.
func (r *Run) forgetNames() {
	if r.js == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r.js.DeleteStream(ctx, r.names.stream)
	if _, ok := r.cfg.Strategy.(TwoPhase); ok {
		r.js.DeleteStream(ctx, r.names.staged)
	}
	if r.cfg.MaxDeliver > 0 {
		r.js.DeleteStream(ctx, r.names.deadLetters())
	}
	if _, ok := r.cfg.Strategy.(Capture); ok {
		r.js.DeleteKeyValue(ctx, r.names.bucket)
	}
}

// raise sets u to v if v is higher: a high-water mark several goroutines move.
func raise(u *atomic.Uint64, v uint64) {
	for old := u.Load(); v > old && !u.CompareAndSwap(old, v); old = u.Load() {
	}
}
