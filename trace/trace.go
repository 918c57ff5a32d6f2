// Package trace is the timeline of a run: every step an actor took, in the
// order it happened, and its renderings as text, JSON and Mermaid.
package trace

import (
	"fmt"
	"sync"
	"time"
)

// Actors that appear in a trace, one lane each in a sequence diagram.
const (
	Service  = "service"
	SQLite   = "sqlite"
	NATS     = "nats"
	Consumer = "consumer"
	Relay    = "relay"
	Lab      = "lab"
)

// Event is one step of a run.
type Event struct {
	At     time.Duration `json:"-"`      // from the start of the run, on the lab's clock
	AtMs   float64       `json:"at_ms"`  // the same, in milliseconds
	Actor  string        `json:"actor"`  // who acted
	Target string        `json:"target"` // who it acted on, "" for a note on the actor's own lane
	Step   string        `json:"step"`   // a short verb: "begin", "insert", "commit", "publish", ...
	Detail string        `json:"detail"` // what happened, in words
	Order  string        `json:"order,omitempty"`
	Fault  string        `json:"fault,omitempty"` // the fault that struck here, as POINT=ACTION

	// Typed facts of the step, for every reader that must not parse Detail.
	Version int    `json:"version,omitempty"` // the order's version the step carries
	Seq     uint64 `json:"seq,omitempty"`     // the stream sequence it concerns
	Count   int    `json:"count,omitempty"`   // rows the step found, for a read of pending work
	Outcome string `json:"outcome,omitempty"` // stored, duplicate, rejected, unsent, unknown; committed, refused; applied, absorbed; ok, fail; consistent, inconsistent
	Type    string `json:"type,omitempty"`    // the domain event the step carries (OrderPlaced, ...); "" for a row change
	Op      string `json:"op,omitempty"`      // the operation a caller requests: place, pay, cancel
	MsgID   string `json:"msg_id,omitempty"`  // the Nats-Msg-Id header a publish carries
	Offset  string `json:"offset,omitempty"`  // a capture worker's offset, as loaded or saved
	// Delivery is which delivery of a message a deliver step is: 1 the first,
	// 2 the first redelivery.
	Delivery  int  `json:"delivery,omitempty"`
	Simulated bool `json:"simulated,omitempty"` // the lab plays this step: no real part can (2pc's prepare)
	ByHand    bool `json:"by_hand,omitempty"`   // a crash or outage made by a key in the UI, not by a fault
}

// A trace keeps at most KeepHead + KeepTail events in memory: the first ones
// and the latest ones. A run of many orders takes millions of steps; the
// ones between are counted and stand as one "elided" event. Text runs print
// every step as it happens (Follow), so nothing is lost on screen.
const (
	KeepHead = 5_000
	KeepTail = 20_000
)

// Trace records events; it is safe for concurrent use.
type Trace struct {
	mu     sync.Mutex
	clock  func() time.Duration
	events []Event // the first KeepHead
	tail   []Event // a ring of the latest KeepTail after them
	next   int     // where the ring writes next, once full
	total  int
	onAdd  func(Event) // see Follow
}

// New starts a trace whose events are stamped by clock: the lab's own clock,
// so that the same run has the same trace, times included.
func New(clock func() time.Duration) *Trace { return &Trace{clock: clock} }

// Add records e, stamping its time offset, and returns it.
func (t *Trace) Add(e Event) Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	e.At = t.clock()
	e.AtMs = float64(e.At.Microseconds()) / 1000
	t.total++
	switch {
	case len(t.events) < KeepHead:
		t.events = append(t.events, e)
	case len(t.tail) < KeepTail:
		t.tail = append(t.tail, e)
	default:
		t.tail[t.next] = e
		t.next = (t.next + 1) % KeepTail
	}
	if t.onAdd != nil {
		t.onAdd(e)
	}
	return e
}

// Since returns the time on the trace's clock.
func (t *Trace) Since() time.Duration { return t.clock() }

// Len returns the number of events added so far, kept or not.
func (t *Trace) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.total
}

// Events returns a copy of the events kept, in order; where some were not
// kept, one "elided" event says how many.
func (t *Trace) Events() []Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]Event, 0, len(t.events)+len(t.tail)+1)
	out = append(out, t.events...)
	if dropped := t.total - len(t.events) - len(t.tail); dropped > 0 {
		first := t.tail[t.next]
		out = append(out, Event{At: first.At, AtMs: first.AtMs, Actor: Lab, Step: "elided",
			Detail: fmt.Sprintf("%d steps not kept: a trace keeps its first %d and its last %d steps (a text run prints every step as it happens)", dropped, KeepHead, KeepTail)})
	}
	out = append(out, t.tail[t.next:]...)
	return append(out, t.tail[:t.next]...)
}
