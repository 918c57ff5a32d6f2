package lab

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
)

// Op is what a request does to an order.
type Op string

const (
	Place  Op = "place"
	Pay    Op = "pay"
	Cancel Op = "cancel"
)

// Request is one call to the order service.
type Request struct {
	Op     Op
	Order  string // "o-1"
	Item   string
	Amount int // cents
}

func (r Request) String() string {
	if r.Op == Place {
		return fmt.Sprintf("place %s (%s, %s)", r.Order, r.Item, money(r.Amount))
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
	// MsgID, when set, goes out as Nats-Msg-Id so JetStream can absorb a
	// second publish of the same event.
	MsgID string `json:"-"`
}

// Subject is the NATS subject the event is published on: orders.<event>.
func (e Event) Subject() string { return "orders." + e.Type }

func (e Event) String() string { return fmt.Sprintf("%s %s v%d", e.Type, e.Order, e.Version) }

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
	}
	return "OrderPlaced"
}

func stateOf(op Op) string {
	switch op {
	case Pay:
		return "paid"
	case Cancel:
		return "cancelled"
	}
	return "placed"
}

var items = []string{"keyboard", "mouse", "monitor", "headset", "webcam", "laptop stand", "usb hub", "desk lamp"}

// workload returns the requests of a run: n orders placed and, for the
// lifecycle workload, some of them paid and some cancelled, as rng decides.
func workload(rng *rand.Rand, n int, lifecycle bool) []Request {
	var reqs []Request
	for i := 1; i <= n; i++ {
		reqs = append(reqs, Request{Op: Place, Order: fmt.Sprintf("o-%d", i),
			Item: items[rng.IntN(len(items))], Amount: 500 + 100*rng.IntN(200)})
	}
	if !lifecycle {
		return reqs
	}
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("o-%d", i)
		switch rng.IntN(4) {
		case 0, 1:
			reqs = append(reqs, Request{Op: Pay, Order: id})
		case 2:
			reqs = append(reqs, Request{Op: Cancel, Order: id})
		}
	}
	return reqs
}

func money(cents int) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }
