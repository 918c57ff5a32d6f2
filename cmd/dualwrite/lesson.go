package main

import (
	"context"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/tui"
)

// lesson plays the workshop in the UI: every experiment of the catalog,
// each asking the room for a prediction before it runs.
func (m *Main) lesson(ctx context.Context, args []string) error {
	var f runFlags
	var ui uiFlags
	fs := newFlagSet("lesson", &f.globals)
	f.register(fs)
	ui.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	opts := tui.Options{Start: uiStart(), Lesson: true}
	if err := ui.apply(&opts); err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("lesson takes no strategy, got %q: it plays every experiment of the catalog", pos[0])
	}
	if len(f.faults) > 0 {
		return usagef("lesson takes no --fault: each experiment arms its own")
	}
	ids := scenarios.IDs()
	if len(ids) == 0 {
		return usagef("no strategies in the catalog")
	}
	base, err := f.spec(ids[0])
	if err != nil {
		return err
	}
	opts.Base = base
	if !m.terminal() {
		return usagef("lesson needs a terminal; without one, dualwrite compare runs every experiment")
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGHUP)
	defer stop()
	return tui.Run(ctx, opts, tea.WithInput(m.Stdin), tea.WithOutput(m.Stdout))
}
