package main

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/dualwrite/dualwrite/words"
	"os"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// keptCommand is resume or replay: a command on the run kept in --db DIR.
type keptCommand struct {
	name     string // "resume"
	does     string // what it does with the run: "finishes the run kept in --db DIR"
	needs    string // the run it needs: "a run kept with --db and killed"
	noHeader func(dir string, err error) error
}

// keptArgs are a kept command's flags and the run it finds in --db.
type keptArgs struct {
	g      globals
	format string
	header lab.RunHeader
	strat  scenarios.Strategy
}

// parse reads the command's flags and the header of the run kept in --db,
// refusing what it cannot take with one line.
func (k keptCommand) parse(args []string) (keptArgs, error) {
	var a keptArgs
	fs := newFlagSet(k.name, &a.g)
	format := fs.String("format", "text", "`text` or json")
	pos, err := parse(fs, args)
	if err != nil {
		return a, err
	}
	if len(pos) > 0 {
		return a, usagef("%s takes no strategy: it %s", k.name, k.does)
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return a, err
	}
	a.format = *format
	if a.g.db == "" {
		return a, usagef("%s needs --db DIR: the directory of %s", k.name, k.needs)
	}
	if a.g.listen != "" {
		return a, usagef("%s does not serve NATS: drop --listen", k.name)
	}
	if info, err := os.Stat(a.g.db); err == nil && !info.IsDir() {
		return a, usagef("cannot %s --db %s: it is a file, not a directory; give the directory of %s", k.name, a.g.db, k.needs)
	}
	if a.header, err = lab.ReadHeader(a.g.db); err != nil {
		return a, k.noHeader(a.g.db, err)
	}
	if a.strat, err = scenarios.Lookup(a.header.Strategy); err != nil {
		return a, usagef("cannot %s --db %s: its run's strategy %q is not one this dualwrite knows", k.name, a.g.db, a.header.Strategy)
	}
	return a, nil
}

// spec is the spec of the kept run, in its directory.
func (a keptArgs) spec() scenarios.Spec {
	sp := scenarios.KeptSpec(a.strat, a.header, a.g.db)
	sp.NATSURL = a.g.natsURL
	return sp
}

// finish runs r to its verdict, following it in text, and prints the verdict.
func (m *Main) finishKept(ctx context.Context, r *lab.Run, format, title string) error {
	defer r.Close()
	// A reader that goes away stops the run as an interrupt would.
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var live *liveTrace
	if format == "text" {
		if _, err := fmt.Fprintf(m.Stdout, "%s\n\n", title); err != nil {
			return err
		}
		live = &liveTrace{w: m.Stdout, stop: stop}
		r.Follow(live.write)
	}
	rep, err := r.Finish(runCtx)
	if live != nil {
		r.Follow(nil)
		if werr := live.failed(); werr != nil {
			return werr
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			if format == "text" {
				fmt.Fprintf(m.Stdout, "\nVerdict: ⏹ interrupted after %s: the world was not recovered, so it is not judged\n", words.Count(r.Steps(), "step", "steps"))
			}
			return interruptedAfter(r.Steps())
		}
		return err
	}
	if format == "json" {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return writeVerdict(m.Stdout, rep)
}
