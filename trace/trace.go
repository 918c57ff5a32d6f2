// Package trace is the timeline of a run: every step an actor took, in the
// order it happened, and its renderings as text, JSON and Mermaid.
package trace

import (
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
	At     time.Duration `json:"-"`      // from the start of the run
	AtMs   float64       `json:"at_ms"`  // the same, in milliseconds
	Actor  string        `json:"actor"`  // who acted
	Target string        `json:"target"` // who it acted on, "" for a note on the actor's own lane
	Step   string        `json:"step"`   // a short verb: "begin", "insert", "commit", "publish", ...
	Detail string        `json:"detail"` // what happened, in words
	Order  string        `json:"order,omitempty"`
	Fault  string        `json:"fault,omitempty"` // the fault that struck here, as POINT=ACTION
}

// Trace records events; it is safe for concurrent use.
type Trace struct {
	mu     sync.Mutex
	start  time.Time
	events []Event
	onAdd  func(Event) // see Follow
}

// New starts a trace whose offsets count from now.
func New() *Trace { return &Trace{start: time.Now()} }

// Add records e, stamping its time offset, and returns it.
func (t *Trace) Add(e Event) Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	e.At = time.Since(t.start)
	e.AtMs = float64(e.At.Microseconds()) / 1000
	t.events = append(t.events, e)
	if t.onAdd != nil {
		t.onAdd(e)
	}
	return e
}

// Since returns how long ago the trace started.
func (t *Trace) Since() time.Duration { return time.Since(t.start) }

// Len returns the number of events so far.
func (t *Trace) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.events)
}

// Events returns a copy of the events so far.
func (t *Trace) Events() []Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Event(nil), t.events...)
}
