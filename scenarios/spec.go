package scenarios

import (
	"context"
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
)

// Spec is one run, in the terms `dualwrite run` takes: a strategy, its
// faults, the workload and a seed. The same spec makes the same run.
type Spec struct {
	Strategy  Strategy
	Faults    []faults.Fault
	Seed      int64
	Orders    int // 0 is the lab's default, 3
	Lifecycle bool
	// MaxDeliver bounds JetStream's deliveries of one message; 0, no bound.
	MaxDeliver int
	// Consumers and Partitions are --consumers and --partitions: 0, the
	// default of one instance and no partitions.
	Consumers, Partitions int
}

// Config is the lab config of the spec, with the lab's default timings, as
// `dualwrite run` makes it.
func (sp Spec) Config() lab.Config {
	return lab.Config{Name: sp.Strategy.ID, Strategy: sp.Strategy.New(), Points: sp.Strategy.AllPoints(),
		Faults: sp.Faults, Seed: sp.Seed, Orders: sp.Orders, Lifecycle: sp.Lifecycle, MaxDeliver: sp.MaxDeliver,
		Consumers: sp.Consumers, Partitions: sp.Partitions}
}

// FaultSpecs returns the faults as POINT=TERM, as `dualwrite run --fault`
// takes them. Of two faults at one point only the later is kept, as the lab
// arms them.
func (sp Spec) FaultSpecs() []string {
	var out []string
	at := map[string]int{}
	for _, f := range sp.Faults {
		if i, ok := at[f.Point]; ok {
			out[i] = f.String()
			continue
		}
		at[f.Point] = len(out)
		out = append(out, f.String())
	}
	return out
}

// Command is the `dualwrite run` command line that makes this run, ready to
// paste into a shell.
func (sp Spec) Command() string {
	args := []string{"dualwrite", "run", sp.Strategy.ID, "--seed", fmt.Sprint(sp.Seed)}
	if sp.Orders != 0 && sp.Orders != 3 {
		args = append(args, "--orders", fmt.Sprint(sp.Orders))
	}
	if sp.Lifecycle {
		args = append(args, "--workload", "lifecycle")
	}
	if sp.MaxDeliver > 0 {
		args = append(args, "--max-deliver", fmt.Sprint(sp.MaxDeliver))
	}
	if sp.Consumers > 1 {
		args = append(args, "--consumers", fmt.Sprint(sp.Consumers))
	}
	if sp.Partitions > 0 {
		args = append(args, "--partitions", fmt.Sprint(sp.Partitions))
	}
	for _, f := range sp.FaultSpecs() {
		args = append(args, "--fault", shellQuote(f))
	}
	return strings.Join(args, " ")
}

// shellQuote quotes s for a POSIX shell when it holds anything a shell would
// read specially, such as the parentheses of broker-down(200ms) or the * of
// 1*crash.
func shellQuote(s string) string {
	plain := func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.=/:,+%@", r)
	}
	for _, r := range s {
		if !plain(r) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}

// Run makes one run to its verdict and closes it.
func Run(ctx context.Context, cfg lab.Config) (*lab.Report, error) {
	r, err := lab.Start(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.Finish(ctx)
}
