package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/scenarios"
)

type listPoint struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Means   string   `json:"means"`
	Actions []string `json:"actions"`
}

type listStrategy struct {
	ID     string      `json:"id"`
	Title  string      `json:"title"`
	About  string      `json:"about"`
	Steps  []string    `json:"steps"`
	Points []listPoint `json:"points"`
	// Consumer is shipping's guarantee unless --consumer says otherwise.
	Consumer string `json:"consumer"`
}

func (m *Main) list(ctx context.Context, args []string) error {
	var g globals
	fs := newFlagSet("list", &g)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("list takes no arguments, got %q", pos[0])
	}
	if g.db != "" || g.listen != "" || g.natsURL != "" {
		return usagef("list makes no run: --db, --listen and --nats-url are for dualwrite run and tui")
	}
	var out []listStrategy
	for _, s := range scenarios.All() {
		ls := listStrategy{ID: s.ID, Title: s.Title, About: s.About, Steps: s.Steps, Consumer: string(s.Preset())}
		for _, p := range s.AllPoints() {
			var acts []string
			for _, a := range p.Kind.Actions() {
				acts = append(acts, string(a))
			}
			ls.Points = append(ls.Points, listPoint{Name: p.Name, Kind: p.Kind.String(), Means: p.Means, Actions: acts})
		}
		out = append(out, ls)
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, s := range out {
		fmt.Fprintf(m.Stdout, "%-14s %s\n", s.ID, s.Title)
		fmt.Fprintf(m.Stdout, "    %-24s %s\n", "consumer "+s.Consumer, "shipping's guarantee unless --consumer says otherwise")
		for _, p := range s.Points {
			fmt.Fprintf(m.Stdout, "    %-24s %s  [%s]\n", p.Name, p.Means, strings.Join(p.Actions, ", "))
		}
		fmt.Fprintln(m.Stdout)
	}
	writeGuarantees(m.Stdout)
	fmt.Fprintln(m.Stdout, maxDeliverRow)
	fmt.Fprintln(m.Stdout, consumersRow)
	fmt.Fprintln(m.Stdout, partitionsRow)
	for _, row := range callerRows {
		fmt.Fprintln(m.Stdout, row)
	}
	fmt.Fprintln(m.Stdout, "A fault is POINT=TERM, TERM = [N*|P%]action[(arg)] chained with ->, e.g. after-commit=1*crash")
	return nil
}
