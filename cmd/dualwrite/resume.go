package main

import (
	"context"
	"fmt"
	"github.com/dualwrite/dualwrite/words"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
)

var resumeCommand = keptCommand{name: "resume", does: "finishes the run kept in --db DIR", needs: "a run kept with --db and killed",
	noHeader: func(_ string, err error) error { return labError(err) }}

// resume finishes and judges a run kept with --db that was killed.
func (m *Main) resume(ctx context.Context, args []string) error {
	a, err := resumeCommand.parse(args)
	if err != nil {
		return err
	}
	sp := a.spec()
	for _, spec := range a.header.Faults {
		f, err := faults.ParseFault(spec)
		if err != nil {
			return usagef("cannot resume --db %s: its journal names a fault this dualwrite cannot read: %v", a.g.db, err)
		}
		sp.Faults = append(sp.Faults, f)
	}
	r, err := lab.Resume(ctx, sp.Config())
	if err != nil {
		return labError(err)
	}
	h := a.header
	return m.finishKept(ctx, r, a.format, fmt.Sprintf("dualwrite resume --db %s · %s · seed %d · killed during a workload of %s (%s): resume finishes what was under way and places no more", a.g.db, a.strat.ID, h.Seed, words.Count(h.Orders, "order", "orders"), h.Workload))
}
