package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// replay puts the dead letters of a run kept with --db back on the orders
// stream, lets shipping apply them and judges the run again from its stores.
func (m *Main) replay(ctx context.Context, args []string) error {
	var g globals
	fs := newFlagSet("replay", &g)
	format := fs.String("format", "text", "`text` or json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("replay takes no strategy: it replays the dead letters of the run kept in --db DIR")
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return err
	}
	if g.db == "" {
		return usagef("replay needs --db DIR: the directory of a run kept with --db whose orders were parked")
	}
	if g.listen != "" {
		return usagef("replay does not serve NATS: drop --listen")
	}
	h, err := lab.ReadHeader(g.db)
	if err != nil {
		return usagef("cannot replay --db %s: it holds no kept run (keep one with `dualwrite run STRATEGY --max-deliver N --db DIR`)", g.db)
	}
	s, err := scenarios.Lookup(h.Strategy)
	if err != nil {
		return usagef("cannot replay --db %s: its run's strategy %q is not one this dualwrite knows", g.db, h.Strategy)
	}
	cfg := lab.Config{Name: s.ID, Strategy: s.New(), Points: s.AllPoints(), Seed: h.Seed, Orders: h.Orders,
		Lifecycle: h.Workload == "lifecycle", Dir: g.db, NATSURL: g.natsURL}
	r, n, err := lab.Replay(ctx, cfg)
	if err != nil {
		return labError(err)
	}
	defer r.Close()
	if *format == "text" {
		fmt.Fprintf(m.Stdout, "dualwrite replay --db %s · %s · %d dead letters back on the orders stream, faults lifted\n\n", g.db, s.ID, n)
		live := &liveTrace{w: m.Stdout}
		r.Follow(live.write)
		defer r.Follow(nil)
	}
	rep, err := r.Finish(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return interruptedAfter(r.Steps())
		}
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return writeVerdict(m.Stdout, rep)
}
