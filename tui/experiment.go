package tui

import (
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// experimentSpec is the spec of a run of s opened from the UI: the UI's
// base (seed, orders, directory, broker, switches), with an experiment's
// faults, workload, consumer and caller switches when e is not nil. The home
// screen, the lesson and the matrix all open their runs through it, so an
// experiment runs the same wherever it is opened.
func (m *Model) experimentSpec(s scenarios.Strategy, e *scenarios.Expectation) (scenarios.Spec, error) {
	sp := m.opts.Base
	sp.Strategy, sp.Faults = s, nil
	if e == nil {
		return sp, nil
	}
	fs, err := s.ParseFaults(e.Faults)
	if err != nil {
		return sp, err
	}
	sp.Faults = fs
	sp.Lifecycle = sp.Lifecycle || e.Lifecycle
	if e.Consumer != "" {
		sp.Consumer = e.Consumer
	}
	sp.Retry, sp.IdempotencyKey = max(sp.Retry, e.Retry), sp.IdempotencyKey || e.IdempotencyKey
	sp.MaxDeliver, sp.Consumers, sp.Partitions = e.MaxDeliver, e.Consumers, e.Partitions
	return sp, nil
}

// experimentConfig is the lab config of experimentSpec.
func (m *Model) experimentConfig(s scenarios.Strategy, e *scenarios.Expectation) (lab.Config, error) {
	sp, err := m.experimentSpec(s, e)
	return sp.Config(), err
}
