package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// resume finishes and judges a run kept with --db that was killed.
func (m *Main) resume(ctx context.Context, args []string) error {
	var g globals
	fs := newFlagSet("resume", &g)
	format := fs.String("format", "text", "`text` or json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("resume takes no strategy: it finishes the run kept in --db DIR")
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return err
	}
	if g.db == "" {
		return usagef("resume needs --db DIR: the directory of a run kept with --db and killed")
	}
	if g.listen != "" {
		return usagef("resume does not serve NATS: drop --listen")
	}
	h, err := lab.ReadHeader(g.db)
	if err != nil {
		return labError(err)
	}
	s, err := scenarios.Lookup(h.Strategy)
	if err != nil {
		return usagef("cannot resume --db %s: its run's strategy %q is not one this dualwrite knows", g.db, h.Strategy)
	}
	var fs2 []faults.Fault
	for _, spec := range h.Faults {
		f, err := faults.ParseFault(spec)
		if err != nil {
			return usagef("cannot resume --db %s: its journal names a fault this dualwrite cannot read: %v", g.db, err)
		}
		fs2 = append(fs2, f)
	}
	sp := scenarios.Spec{Strategy: s, Faults: fs2, Seed: h.Seed, Orders: h.Orders,
		Lifecycle: h.Workload == "lifecycle", Dir: g.db, NATSURL: g.natsURL}
	r, err := lab.Resume(ctx, sp.Config())
	if err != nil {
		return labError(err)
	}
	defer r.Close()
	if *format == "text" {
		fmt.Fprintf(m.Stdout, "dualwrite resume --db %s · %s · seed %d · %d orders (%s)\n\n", g.db, s.ID, h.Seed, h.Orders, h.Workload)
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
