package tui

import (
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// experimentConfig is the config of a run of s opened from the UI: the UI's
// base (seed, orders, directory, broker, switches), with an experiment's
// faults, workload, consumer and caller switches when e is not nil. The home
// screen, the lesson and the matrix all open their runs through it, so an
// experiment runs the same wherever it is opened.
func (m *Model) experimentConfig(s scenarios.Strategy, e *scenarios.Expectation) (lab.Config, error) {
	cfg := m.opts.Base
	cfg.Name, cfg.Points, cfg.Faults = s.ID, s.AllPoints(), nil
	if s.New != nil {
		cfg.Strategy = s.New()
	}
	if e == nil {
		return cfg, nil
	}
	fs, err := s.ParseFaults(e.Faults)
	if err != nil {
		return cfg, err
	}
	cfg.Faults = fs
	cfg.Lifecycle = cfg.Lifecycle || e.Lifecycle
	if e.Consumer != "" {
		cfg.Consumer = e.Consumer
	}
	cfg.Retry, cfg.IdempotencyKey = max(cfg.Retry, e.Retry), cfg.IdempotencyKey || e.IdempotencyKey
	return cfg, nil
}
