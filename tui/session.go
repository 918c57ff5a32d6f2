package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/trace"
)

// StartFunc starts a run; lab.Start is the default.
type StartFunc func(context.Context, lab.Config) (*lab.Run, error)

// session is one run of a strategy and everything the user did to it, so
// that it can be replayed from the start with the same seed. Every call on
// the run goes through it, one at a time: the engine forbids a step
// concurrent with another step, a crash, a broker toggle or an arm.
type session struct {
	id    int
	strat scenarios.Strategy
	cfg   lab.Config
	start StartFunc

	// ctx is cancelled by close, so a step waiting on a timer gives up.
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex // held for the length of every operation
	run    *lab.Run
	steps  int   // steps taken, as the user counts them
	marks  []int // the length of the trace after each step, from step 0
	acts   []act // what the user did between steps
	closed bool
	// opened is the setup the session was opened with, for a cue sent
	// before its first frame.
	opened RunSetup
}

// act is something the user did to the world between two steps.
type act struct {
	at    int // after this many steps
	kind  actKind
	fault faults.Fault
}

type actKind int

const (
	actCrash actKind = iota
	actBroker
	actArm
)

var sessions struct {
	mu sync.Mutex
	n  int
}

func newSession(parent context.Context, strat scenarios.Strategy, cfg lab.Config, start StartFunc, run *lab.Run) *session {
	sessions.mu.Lock()
	sessions.n++
	id := sessions.n
	sessions.mu.Unlock()
	if start == nil {
		start = lab.Start
	}
	ctx, cancel := context.WithCancel(parent)
	s := &session{id: id, strat: strat, cfg: cfg, start: start, run: run, ctx: ctx, cancel: cancel, opened: setupOf(cfg)}
	if run != nil {
		s.marks = []int{len(run.Trace())}
	}
	return s
}

// frame is everything the run screen shows, read from the run and its stores
// after an operation.
type frame struct {
	events   []trace.Event
	next     lab.Next
	hasNext  bool
	snap     lab.Snapshot
	snapErr  string
	faults   []string
	finished bool
	report   *lab.Report
	steps    int
	marks    []int
	dir      string
	acts     Acts     // what the user did between steps
	setup    RunSetup // how the run is built: the config as last (re)started
}

var errClosed = errors.New("the run is closed")

// do runs op on the run, then reads a frame.
func (s *session) do(op func(ctx context.Context, r *lab.Run) error) (frame, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return frame{}, errClosed
	}
	if s.run == nil {
		r, err := s.start(s.ctx, s.fresh())
		if err != nil {
			return frame{}, err
		}
		s.run = r
		s.marks = []int{len(r.Trace())}
	}
	var err error
	if op != nil {
		err = op(s.ctx, s.run)
	}
	return s.read(), err
}

// fresh is the config with a new instance of the strategy, for a new run.
func (s *session) fresh() lab.Config {
	cfg := s.cfg
	if s.strat.New != nil {
		cfg.Strategy = s.strat.New()
	}
	return cfg
}

// read reads a frame. Caller holds s.mu.
func (s *session) read() frame {
	r := s.run
	f := frame{events: r.Trace(), faults: r.Faults(), finished: r.Finished(), steps: s.steps, dir: r.Dir(),
		marks: append([]int(nil), s.marks...), acts: slices.Clone(Acts(s.acts)), setup: setupOf(s.cfg)}
	f.next, f.hasNext = r.Next()
	snap, err := r.Snapshot(s.ctx)
	f.snap = snap
	if err != nil {
		f.snapErr = err.Error()
	}
	if f.finished {
		f.report = r.Report()
	}
	return f
}

func (s *session) load() (frame, error) { return s.do(nil) }

func (s *session) step() (frame, error) {
	return s.do(func(ctx context.Context, r *lab.Run) error {
		if r.Finished() {
			return nil
		}
		if _, err := r.Step(ctx); err != nil {
			return err
		}
		s.stepped(r)
		return nil
	})
}

// finish steps to the end, counting the steps so that stepping back after it
// replays to the step before the verdict.
func (s *session) finish() (frame, error) {
	return s.do(func(ctx context.Context, r *lab.Run) error {
		for !r.Finished() {
			if _, err := r.Step(ctx); err != nil {
				return err
			}
			s.stepped(r)
		}
		return nil
	})
}

func (s *session) crash() (frame, error) {
	return s.do(func(ctx context.Context, r *lab.Run) error {
		if r.Finished() {
			return errors.New("the run is over: step back with ← to crash it earlier")
		}
		r.CrashService()
		s.acts = append(s.acts, act{at: s.steps, kind: actCrash})
		return nil
	})
}

func (s *session) toggleBroker() (frame, error) {
	return s.do(func(ctx context.Context, r *lab.Run) error {
		if r.Finished() {
			return errors.New("the run is over: step back with ← to change the broker earlier")
		}
		r.ToggleBroker()
		s.acts = append(s.acts, act{at: s.steps, kind: actBroker})
		return nil
	})
}

func (s *session) arm(f faults.Fault) (frame, error) {
	return s.do(func(ctx context.Context, r *lab.Run) error {
		if r.Finished() {
			return errors.New("the run is over: step back with ← to arm a fault earlier")
		}
		if err := r.Arm(f); err != nil {
			return err
		}
		s.acts = append(s.acts, act{at: s.steps, kind: actArm, fault: f})
		return nil
	})
}

// back replays the run from the start with the same config and seed, and
// what the user did between steps, up to one step before the current one.
func (s *session) back() (frame, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return frame{}, errClosed
	}
	target := max(s.steps-1, 0)
	var kept []act
	for _, a := range s.acts {
		if a.at <= target {
			kept = append(kept, a)
		}
	}
	return s.replay(target, kept, false)
}

// replay starts the run afresh and steps it to target, doing the acts at
// their steps, and on to the end when finish is set. Caller holds s.mu.
func (s *session) replay(target int, acts []act, finish bool) (frame, error) {
	if s.run != nil {
		if err := s.run.Close(); err != nil {
			return frame{}, fmt.Errorf("close the run: %w", err)
		}
		s.run = nil
	}
	r, err := s.start(s.ctx, s.fresh())
	if err != nil {
		return frame{}, err
	}
	s.run = r
	s.acts = acts
	s.steps = 0
	s.marks = []int{len(r.Trace())}
	for {
		for _, a := range s.acts {
			if a.at == s.steps {
				if err := apply(r, a); err != nil {
					return s.read(), err
				}
			}
		}
		if (s.steps >= target && !finish) || r.Finished() {
			break
		}
		if _, err := r.Step(s.ctx); err != nil {
			return s.read(), err
		}
		s.stepped(r)
	}
	return s.read(), nil
}

// stepped counts a step. Caller holds s.mu.
func (s *session) stepped(r *lab.Run) {
	s.steps++
	s.marks = append(s.marks, len(r.Trace()))
}

func apply(r *lab.Run, a act) error {
	switch a.kind {
	case actCrash:
		r.CrashService()
	case actBroker:
		r.ToggleBroker()
	case actArm:
		return r.Arm(a.fault)
	}
	return nil
}

// close stops whatever is in flight and closes the run, removing its
// temporary directory. It is safe to call more than once.
func (s *session) close() error {
	s.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.run == nil {
		return nil
	}
	err := s.run.Close()
	s.run = nil
	return err
}

// stepUntil steps until done holds for the trace, the run ends, or n steps
// were taken.
func (s *session) stepUntil(n int, done func([]trace.Event) bool) (frame, error) {
	return s.do(func(ctx context.Context, r *lab.Run) error {
		for i := 0; i < n && !r.Finished() && !done(r.Trace()); i++ {
			if _, err := r.Step(ctx); err != nil {
				return err
			}
			s.stepped(r)
		}
		return nil
	})
}
