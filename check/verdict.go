package check

import (
	"encoding/json"
	"fmt"
)

// Kind names an anomaly; the values are the JSON keys of the contract.
type Kind string

const (
	Lost      Kind = "lost"
	Ghost     Kind = "ghost"
	Duplicate Kind = "duplicate"
	Reordered Kind = "reordered"
	// DoubleOrder is a second order orders.db committed for one request of
	// the caller: its retry was placed again.
	DoubleOrder Kind = "double-order"
)

// Anomalies counts each kind. A run is consistent when all are zero.
type Anomalies struct {
	Lost      int `json:"lost"`
	Ghost     int `json:"ghost"`
	Duplicate int `json:"duplicate"`
	Reordered int `json:"reordered"`
	// DoubleOrder counts the extra orders committed for a request already
	// placed (see double_order.go).
	DoubleOrder int `json:"double-order"`
}

// Finding is one anomaly on one order, with the sentence that explains it.
type Finding struct {
	Kind        Kind   `json:"kind"`
	Order       string `json:"order"`
	Explanation string `json:"explanation"`
}

// Dedup says how many deliveries each layer absorbed.
type Dedup struct {
	Broker   int `json:"broker"`   // JetStream's duplicate window (Nats-Msg-Id)
	Consumer int `json:"consumer"` // the consumer's inbox table
}

// Lag is commit-to-apply lag in milliseconds, on the lab's clock.
type Lag struct {
	P50     float64 `json:"p50"`
	P99     float64 `json:"p99"`
	Samples int     `json:"samples"` // orders measured: committed and applied
}

// MarshalJSON writes null when nothing was measured: no lag is not a lag of 0.
func (l Lag) MarshalJSON() ([]byte, error) {
	if l.Samples == 0 {
		return []byte("null"), nil
	}
	type plain Lag
	return json.Marshal(plain(l))
}

// String says the lag in words, or that nothing was applied to measure.
func (l Lag) String() string {
	if l.Samples == 0 {
		return "lag commit→apply: none, since no committed order was applied downstream"
	}
	return fmt.Sprintf("lag commit→apply: p50 %.1fms, p99 %.1fms", l.P50, l.P99)
}

// Verdict is the checker's judgement of one run.
type Verdict struct {
	Anomalies    Anomalies `json:"anomalies"`
	Consistent   bool      `json:"consistent"`
	Findings     []Finding `json:"findings"`
	Deduplicated int       `json:"deduplicated"`
	DedupBy      Dedup     `json:"deduplicated_by"`
	// Discarded counts deliveries a versioned consumer did not apply because
	// they were older than what it held: stale, not duplicate.
	Discarded int `json:"discarded"`
	// Ambiguous lists orders whose caller saw a failure (or no answer) although
	// the order was committed.
	Ambiguous []string `json:"ambiguous"`
	Lag       Lag      `json:"lag_ms"`
	// Parked lists orders whose event waits in the dead-letter stream;
	// Blocked, when set, is a poison event the stream is stuck on. Neither
	// is an anomaly of the four kinds, and neither is consistent.
	Parked  []Parked `json:"parked"`
	Blocked *Blocked `json:"blocked_by_poison,omitempty"`
}
