package main

import (
	"context"
	"os/signal"
	"sync/atomic"
	"syscall"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/tui"
)

// tui opens the terminal UI: on the home screen, or on a strategy's run with
// its faults armed, ready to step.
func (m *Main) tui(ctx context.Context, args []string) error {
	var f runFlags
	var ui uiFlags
	fs := newFlagSet("tui", &f.globals)
	f.register(fs)
	ui.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	var opts tui.Options
	if err := ui.apply(&opts); err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("tui takes at most one strategy, got %q and %q", pos[0], pos[1])
	}
	if len(pos) == 0 && len(f.faults) > 0 {
		return usagef("--fault needs a strategy: dualwrite tui STRATEGY --fault POINT=TERM")
	}
	// The base config of runs opened from the home screen: the flags without
	// faults, which belong to one strategy.
	armed := f.faults
	f.faults = nil
	ids := scenarios.IDs()
	if len(ids) == 0 {
		return usagef("no strategies in the catalog")
	}
	base, err := f.spec(ids[0])
	if err != nil {
		return err
	}
	var cfg lab.Config
	if len(pos) == 1 {
		f.faults = armed
		if cfg, err = f.config(pos[0]); err != nil {
			return err
		}
	}
	if !m.terminal() {
		return usagef("tui needs a terminal; without one use dualwrite run STRATEGY")
	}
	// A closed terminal window hangs the process up: end the UI as for q, so
	// the run's temporary files go with it.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGHUP)
	defer stop()
	opts.Base, opts.Start = base, uiStart()
	if len(pos) == 1 {
		// Started here so that bad input (a busy --listen port, an
		// unwritable --db) is refused on the command line, not in the UI.
		r, err := opts.Start(ctx, cfg)
		if err != nil {
			return err
		}
		opts.Run = r
	}
	return tui.Run(ctx, opts, tea.WithInput(m.Stdin), tea.WithOutput(m.Stdout))
}

// uiStart starts the runs of a UI session. The first in a --db directory
// starts afresh only if asked to; the runs after it replace the session's own
// earlier run there.
func uiStart() func(context.Context, lab.Config) (*lab.Run, error) {
	var started atomic.Bool
	return func(ctx context.Context, cfg lab.Config) (*lab.Run, error) {
		if started.Swap(true) {
			cfg.Fresh = true
		}
		return start(ctx, cfg)
	}
}
