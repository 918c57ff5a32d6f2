package lab

import (
	"sync"
	"time"
)

// The stepper runs every actor of a run (the service's caller, relays, the
// consumer, the lab's own timers) as a goroutine, but lets exactly one of them
// act at a time. An actor announces its next step and parks; the stepper
// grants one parked actor its turn. This is what makes a run repeatable from
// its seed and lets the UI execute one real step per key press.
//
// Time is virtual: the lab's clock moves only when the stepper moves it. Each
// granted turn costs StepCost; a sleeper is due at the clock's time plus its
// duration and becomes ready once the clock reaches it; when nothing is ready
// the clock jumps to the next due time. Nothing waits on the wall clock, so
// CPU load and a presenter's pause change nothing.

type actorState int

const (
	ready    actorState = iota // announced a step, runnable now
	idle                       // waits to be woken, and polls if poll > 0
	sleeping                   // waits for a timer that is part of the lesson
	done
)

type actor struct {
	name string
	rank int // among ready actors the lowest rank goes first: downstream before upstream
	seq  int // then the oldest
	// order is the order the actor works on, for the trace and fault texts.
	// Only the actor's own goroutine touches it, during its turns.
	order string

	// Guarded by sched.mu.
	state  actorState
	next   Next
	due    time.Duration // virtual time at which a sleeper or poller becomes ready
	killed bool

	wake   chan struct{}
	parked chan struct{}
}

// Next is a step an actor announced and waits to take.
type Next struct {
	Actor string
	Step  string // "" when the actor only checks for work and may do nothing
	Order string
	// Doomed is set when the step belongs to a call into a service instance
	// that has died since: it will not run, the call only unwinds.
	Doomed bool
}

// StepCost is how far the lab's clock moves for each turn: about what one
// SQLite statement or one in-process publish takes. It makes time flow while
// actors work, so sleepers fall due among them.
const StepCost = 100 * time.Microsecond

type sched struct {
	mu     sync.Mutex
	actors []*actor
	now    time.Duration // the lab's clock
	seq    int
	// script, when set, is an interleaving the stepper enforces: "actor:step"
	// entries, taken in order. See pick.
	script []string
}

// errKilled unwinds the goroutine of an actor whose instance died while it was
// parked.
type errKilled struct{}

// spawn registers an actor that becomes ready at once; fn runs in its own
// goroutine once the actor is first granted a turn.
func (s *sched) spawn(name string, rank int, fn func(a *actor)) *actor {
	s.mu.Lock()
	s.seq++
	a := &actor{name: name, rank: rank, seq: s.seq, state: ready, next: Next{Actor: name},
		wake: make(chan struct{}), parked: make(chan struct{})}
	s.actors = append(s.actors, a)
	s.mu.Unlock()
	go func() {
		defer func() {
			s.mu.Lock()
			a.state = done
			s.mu.Unlock()
			a.parked <- struct{}{}
		}()
		<-a.wake
		if s.isKilled(a) {
			return
		}
		defer func() {
			if v := recover(); v != nil {
				if _, ok := v.(errKilled); !ok {
					panic(v)
				}
			}
		}()
		fn(a)
	}()
	return a
}

// grant gives a its turn and returns when it parks again or ends.
func (s *sched) grant(a *actor) {
	a.wake <- struct{}{}
	<-a.parked
}

// park hands the turn back and waits for the next one.
func (s *sched) park(a *actor) {
	a.parked <- struct{}{}
	<-a.wake
	if s.isKilled(a) {
		panic(errKilled{})
	}
}

func (s *sched) isKilled(a *actor) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return a.killed
}

// announce parks a until it is granted the step it names.
func (s *sched) announce(a *actor, step, order string) {
	s.mu.Lock()
	a.state, a.next = ready, Next{Actor: a.name, Step: step, Order: order}
	s.mu.Unlock()
	s.park(a)
}

// idle parks a until another actor wakes it, or, if poll > 0, until poll has
// passed.
func (s *sched) idle(a *actor, poll time.Duration) {
	s.mu.Lock()
	a.state, a.next = idle, Next{Actor: a.name}
	a.due = 0
	if poll > 0 {
		a.due = s.now + poll
	}
	s.mu.Unlock()
	s.park(a)
}

// sleep parks a for d; other actors act meanwhile.
func (s *sched) sleep(a *actor, d time.Duration, step, order string) {
	s.mu.Lock()
	a.state, a.next = sleeping, Next{Actor: a.name, Step: step, Order: order}
	a.due = s.now + d
	s.mu.Unlock()
	s.park(a)
}

// wakeUp makes an idle actor ready to check for work.
func (s *sched) wakeUp(a *actor) {
	if a == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.state == idle {
		a.state, a.next = ready, Next{Actor: a.name}
	}
}

// kill makes a unwind the next time it runs, and runs it now so its goroutine
// ends. Called from within the turn of another actor or from the driver.
func (s *sched) kill(a *actor) {
	s.mu.Lock()
	if a.state == done || a.killed {
		s.mu.Unlock()
		return
	}
	a.killed = true
	s.mu.Unlock()
	s.grant(a)
}

// pick chooses the actor that acts next: the ready one of lowest rank, where a
// sleeper (or, if polls is true, a poller) whose due time the clock has reached
// counts as ready; else the timed actor due first, to which the clock jumps.
//
// A script overrides ranks: a ready actor whose step is the script's next
// entry goes first, and one whose step comes later in the script waits for
// its entry. Steps the script does not name run by rank. Should the script
// hold every ready actor, it cannot go on, and ranks decide again.
func (s *sched) pick(polls bool) *actor {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prune()
	var a, held *actor
	for _, c := range s.actors {
		if !s.runnable(c, polls) {
			continue
		}
		switch s.scripted(c) {
		case scriptNext:
			return c
		case scriptLater:
			if held == nil || c.rank < held.rank {
				held = c
			}
			continue
		}
		if a == nil || c.rank < a.rank || (c.rank == a.rank && c.due < a.due) {
			a = c
		}
	}
	if a == nil {
		a = held
	}
	if a != nil {
		return a
	}
	for _, c := range s.actors {
		if s.timed(c, polls) && (a == nil || c.due < a.due || (c.due == a.due && c.rank < a.rank)) {
			a = c
		}
	}
	return a
}

// timed says c waits for the clock. Caller holds s.mu.
func (s *sched) timed(c *actor, polls bool) bool {
	return c.state == sleeping || (polls && c.state == idle && c.due > 0)
}

// runnable says c may act now: it is ready, or the clock reached its due time.
// Caller holds s.mu.
func (s *sched) runnable(c *actor, polls bool) bool {
	return c.state == ready || (s.timed(c, polls) && c.due <= s.now)
}

type scriptPlace int

const (
	unscripted  scriptPlace = iota
	scriptNext              // the step is the script's next entry
	scriptLater             // the step comes later in the script
)

func entry(n Next) string { return n.Actor + ":" + n.Step }

// scripted places c's announced step in the script. Caller holds s.mu.
func (s *sched) scripted(c *actor) scriptPlace {
	if len(s.script) == 0 {
		return unscripted
	}
	e := entry(c.next)
	if s.script[0] == e {
		return scriptNext
	}
	for _, x := range s.script[1:] {
		if x == e {
			return scriptLater
		}
	}
	return unscripted
}

// prune forgets ended actors. Caller holds s.mu.
func (s *sched) prune() {
	live := s.actors[:0]
	for _, c := range s.actors {
		if c.state != done {
			live = append(live, c)
		}
	}
	clear(s.actors[len(live):])
	s.actors = live
}

// turn grants one turn. It reports false when no actor can act, now or later
// (pollers only count if polls is true).
func (s *sched) turn(polls bool) bool {
	a := s.pick(polls)
	if a == nil {
		return false
	}
	s.mu.Lock()
	if a.state != ready {
		s.now = max(s.now, a.due)
		a.state = ready
	}
	s.now += StepCost
	if len(s.script) > 0 && s.script[0] == entry(a.next) {
		s.script = s.script[1:]
	}
	s.mu.Unlock()
	s.grant(a)
	return true
}

// peek returns the step that the next turn would take, if any actor is ready
// or sleeping.
func (s *sched) peek() (Next, bool) {
	a := s.pick(true)
	if a == nil {
		return Next{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return a.next, true
}

// clock returns the lab's time: how far the run has got on its virtual clock.
func (s *sched) clock() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// busy reports whether some actor is ready or sleeping on a timer that is part
// of the lesson; pollers don't count.
func (s *sched) busy() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.actors {
		if c.state == ready || c.state == sleeping {
			return true
		}
	}
	return false
}

// stop kills every actor still alive so no goroutine outlives the run.
func (s *sched) stop() {
	for {
		s.mu.Lock()
		s.prune()
		var a *actor
		for _, c := range s.actors {
			if !c.killed {
				a = c
				break
			}
		}
		s.mu.Unlock()
		if a == nil {
			return
		}
		s.kill(a)
	}
}

func (s *sched) stateOf(a *actor) actorState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return a.state
}
