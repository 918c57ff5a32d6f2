package faults

import (
	"strconv"
	"strings"
	"time"
)

// Term is one link of a chain: [N*|P%]action[(arg)].
type Term struct {
	Count   int           // N*: strikes the first N times, then the chain moves on; 0 = no count
	Percent float64       // P%: strikes with this probability each time; 0 = no percentage
	Action  Action        // what strikes
	Arg     time.Duration // for delay and broker-down; 0 = none
}

// String returns the canonical form, which ParseChain reads back to an equal
// term: "1*crash", "25%ack-lost", "delay(50ms)", "broker-down".
func (t Term) String() string {
	var b strings.Builder
	switch {
	case t.Count > 0:
		b.WriteString(strconv.Itoa(t.Count))
		b.WriteByte('*')
	case t.Percent > 0:
		// 'f' with precision -1 is the shortest decimal that reads back
		// exactly, and never an exponent, which the grammar does not allow.
		b.WriteString(strconv.FormatFloat(t.Percent, 'f', -1, 64))
		b.WriteByte('%')
	}
	b.WriteString(string(t.Action))
	if t.Arg != 0 {
		b.WriteByte('(')
		b.WriteString(t.Arg.String())
		b.WriteByte(')')
	}
	return b.String()
}

// Chain is a sequence of terms joined with "->": when a counted term is
// exhausted, the next one takes over.
type Chain []Term

// String returns the canonical form, e.g. "1*crash->error".
func (c Chain) String() string {
	parts := make([]string, len(c))
	for i, t := range c {
		parts[i] = t.String()
	}
	return strings.Join(parts, "->")
}
