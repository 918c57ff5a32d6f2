package main

import (
	"context"
	"fmt"

	"github.com/dualwrite/dualwrite/lab"
)

var replayCommand = keptCommand{name: "replay", does: "replays the dead letters of the run kept in --db DIR",
	needs: "a run kept with --db whose orders were parked",
	noHeader: func(dir string, _ error) error {
		return usagef("cannot replay --db %s: it holds no kept run (keep one with `dualwrite run STRATEGY --max-deliver N --db DIR`)", dir)
	}}

// replay puts the dead letters of a run kept with --db back on the orders
// stream, lets shipping apply them and judges the run again from its stores.
func (m *Main) replay(ctx context.Context, args []string) error {
	a, err := replayCommand.parse(args)
	if err != nil {
		return err
	}
	r, n, err := lab.Replay(ctx, a.spec().Config())
	if err != nil {
		return labError(err)
	}
	return m.finishKept(ctx, r, a.format, fmt.Sprintf("dualwrite replay --db %s · %s · %d dead letters back on the orders stream, faults lifted", a.g.db, a.strat.ID, n))
}
