package lab

import (
	"encoding/json"
	"fmt"
	"iter"
	"math/rand/v2"
	"time"
)

// Op is what a request does to an order.
type Op string

const (
	Place  Op = "place"
	Pay    Op = "pay"
	Cancel Op = "cancel"
	// Update sets the order's state to Request.State, as two racing service
	// instances do.
	Update Op = "update"
)

// Request is one call to the order service.
type Request struct {
	Op     Op
	Order  string // "o-1"
	Item   string
	Amount int    // cents
	State  string // the new state, for an update
	// Ref is the caller's own number for a placement ("r-1"), the same on its
	// retries; a pay or cancel carries the Ref of the placement it is about,
	// and the caller fills in the id the service gave that order.
	Ref string
	// Key, when set, is the idempotency key the service remembers with the
	// order, in the same transaction (see caller.go).
	Key string
}

func (r Request) String() string {
	if r.Op == Place && r.Order == "" {
		return fmt.Sprintf("place (%s, %s)", r.Item, money(r.Amount))
	}
	if r.Op == Place && r.Key != "" {
		return fmt.Sprintf("place %s (%s, %s) with idempotency key %s", r.Order, r.Item, money(r.Amount), r.Key)
	}
	if r.Op == Place {
		return fmt.Sprintf("place %s (%s, %s)", r.Order, r.Item, money(r.Amount))
	}
	if r.Op == Update {
		return fmt.Sprintf("update %s to %s", r.Order, r.State)
	}
	return fmt.Sprintf("%s %s", r.Op, r.Order)
}

// Event is what downstream learns of one committed change of an order.
type Event struct {
	Type    string `json:"type"` // OrderPlaced, OrderPaid, OrderCancelled
	Order   string `json:"order"`
	Version int    `json:"version"`
	State   string `json:"state"`
	Item    string `json:"item,omitempty"`
	Amount  int    `json:"amount,omitempty"`
	// Change is set on the row-change events of change data capture.
	Change *RowChange `json:"change,omitempty"`
	// MsgID, when set, goes out as Nats-Msg-Id so JetStream can absorb a
	// second publish of the same event.
	MsgID string `json:"-"`
	// To, when set, is the subject instead of orders.<event>: a domain
	// event's own subject, such as orders.o-1.placed.
	To string `json:"-"`
	// ExpectLast, when set, goes out as Nats-Expected-Last-Subject-Sequence:
	// JetStream stores the event only if the last message on its subject is
	// still the one at this stream sequence (0: none yet).
	ExpectLast *uint64 `json:"-"`
}

// Subject is the NATS subject the event is published on: orders.<event>,
// unless the event names its own.
func (e Event) Subject() string {
	if e.To != "" {
		return e.To
	}
	return "orders." + e.Type
}

// typeName is the domain event's type, "" for a row change.
func (e Event) typeName() string {
	if e.Change != nil {
		return ""
	}
	return e.Type
}

func (e Event) String() string {
	if e.Change != nil {
		return fmt.Sprintf("row change #%d (%s %s v%d)", e.Change.Seq, e.Change.Op, e.Order, e.Version)
	}
	return fmt.Sprintf("%s %s v%d", e.Type, e.Order, e.Version)
}

// creates reports whether the event brings a new order into being downstream.
func (e Event) creates() bool {
	if e.Change != nil {
		return e.Change.Op == "insert"
	}
	return e.Type == "OrderPlaced"
}

func (e Event) payload() []byte {
	b, _ := json.Marshal(e)
	return b
}

func eventTypeOf(op Op) string {
	switch op {
	case Pay:
		return "OrderPaid"
	case Cancel:
		return "OrderCancelled"
	case Update:
		return "OrderUpdated"
	}
	return "OrderPlaced"
}

func stateOf(op Op) string {
	switch op {
	case Pay:
		return "paid"
	case Cancel:
		return "cancelled"
	case Update:
		return "updated"
	}
	return "placed"
}

var items = []string{"keyboard", "mouse", "monitor", "headset", "webcam", "laptop stand", "usb hub", "desk lamp"}

// workload yields the requests of a run as they are consumed: n orders
// placed and, for the lifecycle workload, some of them paid and some
// cancelled, as rng decides. Nothing is built ahead, so a large n costs no
// memory; a seed gives the same requests in the same order. The service
// names each order; the caller numbers its requests r-1, r-2, ... and refers
// to an order by the number of the request that placed it.
func workload(rng *rand.Rand, n int, lifecycle bool) iter.Seq[Request] {
	return func(yield func(Request) bool) {
		for i := 1; i <= n; i++ {
			if !yield(Request{Op: Place, Ref: fmt.Sprintf("r-%d", i),
				Item: items[rng.IntN(len(items))], Amount: 500 + 100*rng.IntN(200)}) {
				return
			}
		}
		if !lifecycle {
			return
		}
		for i := 1; i <= n; i++ {
			ref := fmt.Sprintf("r-%d", i)
			var req Request
			switch rng.IntN(4) {
			case 0, 1:
				req = Request{Op: Pay, Ref: ref}
			case 2:
				req = Request{Op: Cancel, Ref: ref}
			default:
				continue
			}
			if !yield(req) {
				return
			}
		}
	}
}

func money(cents int) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }

// stamp formats t at a fixed width, so stored times compare as text.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }
