package scenarios

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
)

// Spec is one run, in the terms `dualwrite run` takes: a strategy, its
// faults, the workload and a seed, and where the run keeps its files and
// finds its broker. The same spec makes the same run. Every run's lab config
// is made by Config, and only there.
type Spec struct {
	Strategy  Strategy
	Faults    []faults.Fault
	Seed      int64
	Orders    int // 0 is the lab's default, 3
	Lifecycle bool
	Consumer  lab.Guarantee // "" is the strategy's preset
	// Retry, IdempotencyKey and Replicas are --retry, --idempotency-key and
	// --replicas (see lab.Config).
	Retry          int
	IdempotencyKey bool
	Replicas       int
	Interval       time.Duration // between two requests of the workload; 0 sends them back to back
	Poll           time.Duration // how often an idle worker looks for work (--poll-interval); 0 is the lab's default

	Dir     string // --db: keep the files here; "" is a temporary directory
	Fresh   bool   // --fresh: replace an earlier run's files in Dir
	Listen  string // --listen: also serve NATS here
	Token   string // --token: the password a Listen address asks for
	NATSURL string // --nats-url: an existing NATS server instead of the embedded one
	TempDir string // where a run without Dir makes its temporary directory; "" is lab.TempRoot()
	// Headless: nobody drives the run by hand (see lab.Config).
	Headless bool
	// Broker is a campaign's embedded broker (lab.NewSharedBroker). Config
	// puts the run on it, under names of the run's own, unless the run needs
	// a broker of its own: one it stops (a broker-down fault), serves
	// (Listen), keeps (Dir) or finds elsewhere (NATSURL).
	Broker *lab.Broker
	// MaxDeliver bounds JetStream's deliveries of one message; 0, no bound.
	MaxDeliver int
	// Consumers and Partitions are --consumers and --partitions: 0, the
	// default of one instance and no partitions.
	Consumers, Partitions int
}

// Config is the lab config of the spec, with the lab's default timings, as
// `dualwrite run` makes it.
func (sp Spec) Config() lab.Config {
	cfg := lab.Config{Name: sp.Strategy.ID, Points: sp.Strategy.AllPoints(),
		Faults: sp.Faults, Seed: sp.Seed, Orders: sp.Orders, Lifecycle: sp.Lifecycle, Consumer: sp.Consumer,
		Retry: sp.Retry, IdempotencyKey: sp.IdempotencyKey, Replicas: sp.Replicas,
		Interval: sp.Interval, RelayPoll: sp.Poll,
		Dir: sp.Dir, Fresh: sp.Fresh, Listen: sp.Listen, Token: sp.Token, NATSURL: sp.NATSURL, TempDir: sp.TempDir, Headless: sp.Headless,
		MaxDeliver: sp.MaxDeliver, Consumers: sp.Consumers, Partitions: sp.Partitions}
	if sp.Strategy.New != nil {
		cfg.Strategy = sp.Strategy.New()
	}
	if sp.sharesBroker() {
		cfg.Broker = sp.Broker
	}
	return cfg
}

// sharesBroker reports whether the run goes on the campaign's broker.
func (sp Spec) sharesBroker() bool { return sp.Broker != nil && sp.canShareBroker() }

// canShareBroker reports whether the run could go on a campaign's broker: it
// does not stop its broker, keep it, serve it or use one elsewhere.
func (sp Spec) canShareBroker() bool {
	if sp.Dir != "" || sp.Listen != "" || sp.NATSURL != "" {
		return false
	}
	for _, f := range sp.Faults {
		if f.StopsBroker() {
			return false
		}
	}
	return true
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
	for _, sw := range sp.Switches() {
		args = append(args, sw.Flag)
		if sw.Value != "" {
			args = append(args, sw.Value)
		}
	}
	for _, f := range sp.FaultSpecs() {
		args = append(args, "--fault", shellQuote(f))
	}
	return strings.Join(args, " ")
}

// A Switch is one command-line switch of a run besides its faults: its Flag
// ("--retry") and, unless the switch is a boolean one, its Value ("2").
type Switch struct{ Flag, Value string }

func (s Switch) String() string {
	if s.Value == "" {
		return s.Flag
	}
	return s.Flag + " " + s.Value
}

// Switches are the switches that shape the run besides its strategy, seed,
// orders, workload and faults, when not the default, as `dualwrite run`
// spells them.
func (sp Spec) Switches() []Switch {
	var out []Switch
	if sp.Consumer != "" && sp.Consumer != sp.Strategy.Preset() {
		out = append(out, Switch{"--consumer", string(sp.Consumer)})
	}
	if sp.Retry > 0 {
		out = append(out, Switch{"--retry", fmt.Sprint(sp.Retry)})
	}
	if sp.IdempotencyKey {
		out = append(out, Switch{Flag: "--idempotency-key"})
	}
	if sp.Replicas > 1 {
		out = append(out, Switch{"--replicas", fmt.Sprint(sp.Replicas)})
	}
	if sp.Interval > 0 {
		out = append(out, Switch{"--interval", sp.Interval.String()})
	}
	if sp.Poll > 0 && sp.Poll != defaultPoll {
		out = append(out, Switch{"--poll-interval", sp.Poll.String()})
	}
	if sp.MaxDeliver > 0 {
		out = append(out, Switch{"--max-deliver", fmt.Sprint(sp.MaxDeliver)})
	}
	if sp.Consumers > 1 {
		out = append(out, Switch{"--consumers", fmt.Sprint(sp.Consumers)})
	}
	if sp.Partitions > 0 {
		out = append(out, Switch{"--partitions", fmt.Sprint(sp.Partitions)})
	}
	return out
}

// defaultPoll is the lab's RelayPoll default, which `dualwrite run` also
// takes as --poll-interval's.
const defaultPoll = 100 * time.Millisecond

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
