package tui

import (
	"github.com/dualwrite/dualwrite/lab"
)

// consumerEntry is the picker's entry for --consumer, after the fault
// points: choosing a guarantee starts the run again from step 0 with it, since
// shipping's guarantee is part of how the run is built.
const consumerEntry = "consumer guarantee"

// consumerTerms are the guarantees the picker offers, as terms.
func consumerTerms() []string {
	out := make([]string, len(lab.Guarantees))
	for i, g := range lab.Guarantees {
		out[i] = string(g)
	}
	return out
}

// setConsumer starts the session's run again from the start with shipping's
// guarantee g; faults armed by hand are dropped with the old run.
func (s *session) setConsumer(g lab.Guarantee) (frame, error) {
	return s.restart(func(c *lab.Config) { c.Consumer = g }, false)
}
