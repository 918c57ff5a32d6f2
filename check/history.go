// Package check judges a run: it compares what the database committed with
// what downstream applied, and names every anomaly for the order it hit.
package check

import (
	"strings"
	"time"
)

// Outcome is what the caller of an operation saw, in Jepsen's terms.
type Outcome string

const (
	OK      Outcome = "ok"      // the call returned success
	Fail    Outcome = "fail"    // the call returned an error
	Unknown Outcome = "unknown" // the service died during the call: no answer at all
)

// Attempt is one operation the service was asked to do.
type Attempt struct {
	Order   string        `json:"order"`
	Op      string        `json:"op"` // "place", "pay", "cancel", "update"
	Outcome Outcome       `json:"outcome"`
	Err     string        `json:"error,omitempty"`   // what the caller was told, when Outcome is fail
	Request string        `json:"request,omitempty"` // the caller's own number for the request, the same on its retries
	At      time.Duration `json:"-"`
}

// Change is one committed change to an order, in commit order. Version counts
// the changes of that order from 1.
type Change struct {
	Order   string `json:"order"`
	Version int    `json:"version"`
	Op      string `json:"op"` // "place", "pay", "cancel", "update"
	State   string `json:"state"`
	By      string `json:"by,omitempty"` // who committed it, when several writers race
	// Request is the caller's number for the request that placed the order,
	// on a place; two orders with one number are a double order.
	Request string        `json:"request,omitempty"`
	At      time.Duration `json:"-"` // commit time, from the start of the run
}

// Row is an order as the database holds it after recovery.
type Row struct {
	Order   string `json:"order"`
	Status  string `json:"status"`
	Version int    `json:"version"`
}

// Delivery is one message the consumer received.
type Delivery struct {
	Order       string        `json:"order"`
	Event       string        `json:"event"`   // "OrderPlaced", ...
	Version     int           `json:"version"` // the change of the order it carries, 0 if unknown
	State       string        `json:"state"`   // the order's state it carries
	MsgID       string        `json:"msg_id,omitempty"`
	Seq         uint64        `json:"seq"`
	Redelivered bool          `json:"redelivered"`
	Applied     bool          `json:"applied"`             // false: absorbed by the consumer's inbox
	Discarded   bool          `json:"discarded,omitempty"` // not applied: older than the version the consumer held
	At          time.Duration `json:"-"`
}

// Shipment is downstream's belief about one order after recovery.
type Shipment struct {
	Order   string `json:"order"`
	Status  string `json:"status"`
	Count   int    `json:"count"`   // shipment rows for this order: more than one is a double shipment
	Version int    `json:"version"` // the last change applied
}

// Strike is a fault that struck while working on an order, already said in
// words by the lab ("the service crashed after the commit and before the publish").
type Strike struct {
	Order  string `json:"order"`
	Point  string `json:"point"`  // where it struck; "by hand" for a key in the UI
	Action string `json:"action"` // crash, error, ack-lost, delay, broker-down
	By     string `json:"by"`     // the actor it struck: service, relay, connector, poller, coordinator, consumer, ...
	Text   string `json:"text"`
}

// Downstream says the strike hit shipping, not the side that writes.
func (s Strike) Downstream() bool { return s.By == "consumer" }

// canCause says whether a strike of this kind can explain an anomaly of kind
// k. Shipping's faults make it see an event again, never lose or invent one;
// a failed write or publish upstream can lose or invent one, and only a crash
// or a lost ack makes anyone send or apply the same event twice. An unknown
// action (none recorded) is never ruled out.
func (s Strike) canCause(k Kind) bool {
	switch k {
	case Lost:
		return !s.Downstream() && s.Action != "ack-lost" && s.Action != "delay"
	case Ghost:
		return !s.Downstream() && s.Action != "broker-down" && s.Action != "delay"
	case Duplicate:
		// A request path that crashed is not called again; a worker or
		// shipping that crashed does its last piece of work again.
		worker := !strings.HasPrefix(s.By, "service")
		return s.Action == "" || s.Action == "ack-lost" || (s.Action == "crash" && worker)
	}
	return true
}

// History is everything the checker needs, recorded during the run.
type History struct {
	Attempts   []Attempt
	Changes    []Change
	DB         []Row
	Deliveries []Delivery
	Shipments  []Shipment
	Strikes    []Strike
	// BrokerDeduplicated counts publishes JetStream absorbed by Nats-Msg-Id.
	BrokerDeduplicated int
	// Refusals are shipping's refused deliveries of poison events;
	// DeadLetters what the dead-letter stream holds; Queued the orders
	// stream's messages shipping never acked. Read only when there were
	// refusals.
	Refusals    []Refusal
	DeadLetters []DeadLetter
	Queued      []Queued
	// Unseen, when set, is what the strategy itself cannot see; it explains
	// an anomaly for which no fault was recorded.
	Unseen Blindness
	// Killed, when set, is the kill -9 of the run this one resumed: it
	// explains an anomaly for which nothing else was recorded.
	Killed string
}

// Blindness says what a strategy cannot see by its nature, case by case.
type Blindness struct {
	Deleted   string // why a row deleted before the strategy looked never reaches downstream
	Coalesced string // why a change followed by another before it looked never reaches downstream
}
