package lab

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/trace"
)

// Service is one instance of the order service: its own SQLite handle and its
// own NATS connection. A crash kills the instance; the lab starts a new one on
// the same files.
type Service struct {
	run  *Run
	gen  int // 1 for the first instance, 2 after the first restart, ...
	db   *sql.DB
	nc   *nats.Conn
	js   jetstream.JetStream
	dead atomic.Bool
	// refuse makes SQLite's commit hook turn the next commit into a rollback.
	refuse atomic.Bool
	// cleaned is when the relay last removed old sent outbox rows, on the
	// lab's clock.
	cleaned time.Duration

	mu      sync.Mutex
	kv      jetstream.KeyValue // the offset bucket, once a capture worker opened it
	open    map[*Tx]bool
	workers []*actor
}

// crashSignal unwinds the code of a service instance that just died: nothing
// after the fault point runs, as nothing would in a killed process.
type crashSignal struct{}

func (r *Run) startService(gen int) (*Service, error) {
	s, err := r.newInstance(fmt.Sprintf("service-%d", gen))
	if err != nil {
		return nil, err
	}
	s.gen = gen
	if w, ok := r.cfg.Strategy.(Worker); ok {
		s.workers = append(s.workers, r.sched.spawn(w.WorkerName(), rankWorker, func(a *actor) {
			defer recoverCrash()
			if gen > 1 {
				// A restarted worker takes a moment to come up, as a real one
				// would; a worker crashing in a loop can't starve the rest.
				r.sched.sleep(a, r.cfg.RestartDelay, "start", "")
			}
			w.Run(withActor(r.ctx, a), s)
		}))
	}
	return s, nil
}

// newInstance opens a service instance's own database handle and NATS
// connection, named name, without starting any worker.
func (r *Run) newInstance(name string) (*Service, error) {
	s := &Service{run: r, gen: 1, open: map[*Tx]bool{}}
	db, err := openSQLite(filepath.Join(r.dir, "orders.db"), "", &s.refuse, 0)
	if err != nil {
		return nil, err
	}
	nc, err := r.broker.connect(name)
	if err != nil {
		db.Close()
		return nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		db.Close()
		return nil, err
	}
	s.db, s.nc, s.js = db, nc, js
	return s, nil
}

// recoverCrash ends a goroutine of a dead instance quietly.
func recoverCrash() {
	if v := recover(); v != nil {
		if _, ok := v.(crashSignal); !ok {
			panic(v)
		}
	}
}

// step takes a turn for the calling actor; the instance may have died while it
// waited, and then the call unwinds like the rest of the dead process.
func (s *Service) step(ctx context.Context, step, order string) *actor {
	a := actorOf(ctx)
	s.alive()
	s.run.sched.announce(a, step, order)
	s.alive()
	if order != "" {
		a.order = order
	}
	return a
}

func (s *Service) alive() {
	if s.dead.Load() {
		panic(crashSignal{})
	}
}

// emit records a step of the calling actor on the trace.
func (s *Service) emit(ctx context.Context, target, step, detail, order string) {
	s.emitEvent(ctx, trace.Event{Target: target, Step: step, Detail: detail, Order: order})
}

// emitEvent records e as a step of the actor in ctx, with its typed facts.
func (s *Service) emitEvent(ctx context.Context, e trace.Event) {
	e.Actor = actorOf(ctx).name
	s.run.trace.Add(e)
}

// Point is a named place where a fault can strike between two operations.
func (s *Service) Point(ctx context.Context, name string) {
	s.alive()
	s.run.strike(ctx, s, name)
}

// Idle parks a background worker until a commit wakes it or its poll interval
// passes.
func (s *Service) Idle(ctx context.Context) {
	s.alive()
	s.run.sched.idle(actorOf(ctx), s.run.cfg.RelayPoll)
	s.alive()
}

// Sleep parks the calling actor for d, for backoff between retries.
func (s *Service) Sleep(ctx context.Context, d time.Duration, why string) {
	a := actorOf(ctx)
	s.alive()
	s.run.sched.sleep(a, d, why, a.order)
	s.alive()
}

// crash kills the instance: open transactions die with their connections, the
// NATS connection closes, workers stop, and nothing in memory survives. The
// supervisor starts a new instance on the same files at once.
func (r *Run) crash(ctx context.Context, s *Service, why string) {
	if !s.dead.CompareAndSwap(false, true) {
		return
	}
	s.mu.Lock()
	what := "its connections close and its memory is gone"
	if len(s.open) > 0 {
		what = "its open transaction dies with its connection, uncommitted, and its memory is gone"
	}
	s.mu.Unlock()
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.Service, Step: "crash", ByHand: why == byHand,
		Detail: fmt.Sprintf("✗ service instance #%d killed %s: %s", s.gen, why, what)})
	s.mu.Lock()
	for tx := range s.open {
		tx.tx.Rollback()
		r.trace.Add(trace.Event{Actor: trace.SQLite, Step: "abandon", Order: tx.order,
			Detail: fmt.Sprintf("the open transaction%s dies with its connection: SQLite rolls it back", tx.about())})
	}
	clear(s.open)
	s.mu.Unlock()
	r.noteInDoubt()
	s.nc.Close()
	s.db.Close()
	self := actorOf(ctx)
	for _, w := range s.workers {
		if w != self {
			r.sched.kill(w)
		}
	}
	next, err := r.startService(s.gen + 1)
	if err != nil {
		r.fail(fmt.Errorf("restart the service: %w", err))
		return
	}
	r.setService(next)
	r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.Service, Step: "restart",
		Detail: fmt.Sprintf("the supervisor starts service instance #%d on the same files", next.gen)})
}
