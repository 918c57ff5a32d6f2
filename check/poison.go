package check

import (
	"fmt"
	"github.com/dualwrite/dualwrite/words"
	"slices"
	"strings"
	"time"
)

// Refusal is one delivery of a poison event that shipping could not apply.
type Refusal struct {
	Order    string        `json:"order"`
	Version  int           `json:"version"`
	Seq      uint64        `json:"seq"`
	Delivery int           `json:"delivery"` // JetStream's delivery count
	At       time.Duration `json:"-"`
}

// DeadLetter is a message parked in the dead-letter stream after JetStream
// gave it up.
type DeadLetter struct {
	Order      string `json:"order"`
	Version    int    `json:"version"`
	Seq        uint64 `json:"seq"` // its sequence in the orders stream
	Deliveries int    `json:"deliveries"`
}

// Queued is a message still in the orders stream that shipping never acked.
type Queued struct {
	Order   string `json:"order"`
	Version int    `json:"version"`
	Seq     uint64 `json:"seq"`
}

// Parked is an order whose event sits in the dead-letter stream: not lost,
// since a replay delivers it, but not applied either.
type Parked struct {
	Order       string `json:"order"`
	Version     int    `json:"version"`
	Seq         uint64 `json:"seq"`
	Deliveries  int    `json:"deliveries"`
	Explanation string `json:"explanation"`
}

// Blocked is a stream stuck on a poison event shipping keeps refusing: the
// event is never applied, and every event behind it waits.
type Blocked struct {
	Order      string   `json:"order"` // the poison event's order
	Version    int      `json:"version"`
	Seq        uint64   `json:"seq"`
	Deliveries int      `json:"deliveries"` // refused so far
	Waiting    []string `json:"waiting"`    // orders whose events wait behind it
	// WaitedMs is how long the stream has been blocked: from the poison
	// event's first refusal to its last one before the verdict, on the lab's
	// clock. The lag of everything behind it grows with it.
	WaitedMs    float64 `json:"waited_ms"`
	Explanation string  `json:"explanation"`
}

// stuck knows which events a poison message holds up: parked in the
// dead-letter stream, or waiting in the orders stream behind one that
// shipping keeps refusing.
type stuck struct {
	parked  map[string][]DeadLetter // by order, in the order they were parked
	blocked *Blocked
	behind  map[string]bool // orders with an event queued behind the blocking one
}

func newStuck(h History) *stuck {
	s := &stuck{parked: map[string][]DeadLetter{}, behind: map[string]bool{}}
	dead := map[uint64]bool{}
	for _, d := range h.DeadLetters {
		s.parked[d.Order] = append(s.parked[d.Order], d)
		dead[d.Seq] = true
	}
	applied := map[uint64]bool{}
	for _, d := range h.Deliveries {
		applied[d.Seq] = true
	}
	for _, f := range h.Refusals {
		if dead[f.Seq] || applied[f.Seq] || h.replayed(f) {
			continue
		}
		if s.blocked == nil {
			s.blocked = &Blocked{Order: f.Order, Version: f.Version, Seq: f.Seq, Waiting: []string{}}
		}
		if f.Seq == s.blocked.Seq {
			s.blocked.Deliveries = f.Delivery
			s.blocked.WaitedMs = float64((f.At - h.firstRefusal(f.Seq)).Microseconds()) / 1000
		}
	}
	if b := s.blocked; b != nil {
		for _, q := range h.Queued {
			if q.Seq > b.Seq && q.Order != b.Order && !s.behind[q.Order] {
				s.behind[q.Order] = true
				b.Waiting = append(b.Waiting, q.Order)
			}
		}
		slices.SortFunc(b.Waiting, compareNatural)
		b.Explanation = fmt.Sprintf("shipping cannot apply seq %d (%s v%d): it refused it %s and, with no bound on deliveries, JetStream hands it back again and again. "+
			"Nothing of it is in shipping.db, and since shipping applies in stream order everything behind it waits", b.Seq, b.Order, b.Version, words.Count(b.Deliveries, "time", "times"))
		if len(b.Waiting) > 0 {
			b.Explanation += fmt.Sprintf(": %s, for %.0fms so far and growing", strings.Join(b.Waiting, ", "), b.WaitedMs)
		}
	}
	return s
}

// firstRefusal is when shipping first refused the message at seq.
func (h History) firstRefusal(seq uint64) time.Duration {
	for _, f := range h.Refusals {
		if f.Seq == seq {
			return f.At
		}
	}
	return 0
}

// holds says an order that downstream lacks is held up by a poison message,
// not lost: parked in the dead-letter stream, blocked, or waiting behind it.
func (s *stuck) holds(o *order) ([]Parked, bool) {
	var ps []Parked
	for _, d := range s.parked[o.id] {
		if o.hasApplied(d.Version) {
			continue
		}
		ps = append(ps, Parked{Order: o.id, Version: d.Version, Seq: d.Seq, Deliveries: d.Deliveries,
			Explanation: fmt.Sprintf("%s v%d is parked, not lost: shipping could not apply it in %s, JetStream gave it up (max-deliveries advisory) and the lab moved seq %d to the dead-letter stream. The events behind it flowed on; `dualwrite replay` delivers it again once shipping can apply it",
				o.id, d.Version, words.Count(d.Deliveries, "delivery", "deliveries"), d.Seq)})
	}
	if len(ps) > 0 {
		return ps, true
	}
	if b := s.blocked; b != nil && (o.id == b.Order || s.behind[o.id]) {
		return nil, true
	}
	return nil, false
}

func (o *order) hasApplied(v int) bool {
	for _, d := range o.applied {
		if d.Version == v {
			return true
		}
	}
	return false
}
