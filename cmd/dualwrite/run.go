package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/dualwrite/dualwrite/words"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/trace"
)

// runFlags are the flags that describe one run, shared by run and tui.
type runFlags struct {
	globals
	faults   multi
	orders   int
	seed     int64
	workload string
	poll     time.Duration
	interval time.Duration
	fresh    bool
	token    string
	consumer string
	caller   callerFlags
	// maxDeliver bounds JetStream's deliveries of one message (poison.go).
	maxDeliver int
	// consumers and partitions run shipping as several instances (ordering.go).
	consumers, partitions int
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.faults, "fault", "arm a fault, `POINT=TERM` (repeatable)")
	fs.IntVar(&f.orders, "orders", 3, "orders to place, `N`")
	fs.Int64Var(&f.seed, "seed", 1, "seed `S` for faults, orders and interleaving")
	fs.StringVar(&f.workload, "workload", "place", "`place` or lifecycle")
	fs.DurationVar(&f.poll, "poll-interval", 100*time.Millisecond, "how often an idle relay, connector or poller looks for work, `D`")
	fs.DurationVar(&f.interval, "interval", 0, "time between two requests of the workload, `D` (0: back to back)")
	fs.BoolVar(&f.fresh, "fresh", false, "with --db, remove an earlier run's files (only those dualwrite's marker lists) and start afresh")
	fs.IntVar(&f.maxDeliver, "max-deliver", 0, maxDeliverUsage)
	fs.IntVar(&f.consumers, "consumers", 1, consumersUsage)
	fs.IntVar(&f.partitions, "partitions", 0, partitionsUsage)
	fs.StringVar(&f.token, "token", "", "with --listen, the `TOKEN` (password) clients need; off loopback one is generated and printed once if not given")
	fs.StringVar(&f.consumer, "consumer", "", "shipping's guarantee, `plain`, inbox or versioned (default: the strategy's preset)")
	f.caller.register(fs)
}

// config turns the flags and a strategy id into a lab config, refusing bad
// input with one line.
func (f *runFlags) config(id string) (lab.Config, error) {
	sp, err := f.spec(id)
	if err != nil {
		return lab.Config{}, err
	}
	return sp.Config(), nil
}

// spec turns the flags and a strategy id into the spec of a run, refusing
// bad input with one line.
func (f *runFlags) spec(id string) (scenarios.Spec, error) {
	s, err := scenarios.Lookup(id)
	if err != nil {
		return scenarios.Spec{}, usageError{err.Error()}
	}
	if err := oneOf("workload", f.workload, "place", "lifecycle"); err != nil {
		return scenarios.Spec{}, err
	}
	if f.poll <= 0 {
		return scenarios.Spec{}, usagef("bad --poll-interval %s: it must be more than 0, e.g. 100ms", f.poll)
	}
	if f.interval < 0 {
		return scenarios.Spec{}, usagef("bad --interval %s: it must be 0 or more, e.g. 5ms", f.interval)
	}
	if f.fresh && f.db == "" {
		return scenarios.Spec{}, usagef("--fresh starts afresh in a --db directory; without --db every run is fresh already")
	}
	if f.token != "" && f.listen == "" {
		return scenarios.Spec{}, usagef("--token is for --listen: it guards the embedded broker's port")
	}
	if err := checkMaxDeliver(f.maxDeliver); err != nil {
		return scenarios.Spec{}, err
	}
	if err := checkFleet(f.consumers, f.partitions); err != nil {
		return scenarios.Spec{}, err
	}
	if f.orders < 1 {
		return scenarios.Spec{}, usagef("bad --orders %d: need at least 1", f.orders)
	}
	fs, err := s.ParseFaults(f.faults)
	if err != nil {
		return scenarios.Spec{}, usageError{err.Error()}
	}
	guarantee, err := parseConsumer(f.consumer)
	if err != nil {
		return scenarios.Spec{}, err
	}
	seen := map[string]bool{}
	for _, fault := range fs {
		if seen[fault.Point] {
			return scenarios.Spec{}, usagef("a second --fault for %s: one --fault per point; chain its terms with ->, e.g. %s=1*crash->delay(50ms)", fault.Point, fault.Point)
		}
		seen[fault.Point] = true
	}
	sp := scenarios.Spec{
		Strategy: s, Faults: fs, Seed: f.seed, Orders: f.orders, Lifecycle: f.workload == "lifecycle", Consumer: guarantee,
		Poll: f.poll, Interval: f.interval, Dir: f.db, Fresh: f.fresh, Listen: f.listen, Token: f.token, NATSURL: f.natsURL,
		MaxDeliver: f.maxDeliver, Consumers: f.consumers, Partitions: f.partitions,
	}
	return sp, f.caller.apply(&sp)
}

// start starts a run, turning problems with the user's input into usage errors.
func start(ctx context.Context, cfg lab.Config) (*lab.Run, error) {
	r, err := lab.Start(ctx, cfg)
	return r, labError(err)
}

// labError turns the lab's complaints about the user's input into usage
// errors.
func labError(err error) error {
	var ie *lab.InputError
	if errors.As(err, &ie) {
		return usageError{ie.Msg}
	}
	return err
}

func (m *Main) run(ctx context.Context, args []string) error {
	var f runFlags
	fs := newFlagSet("run", &f.globals)
	f.register(fs)
	format := fs.String("format", "text", "`text`, json or mermaid")
	slide := fs.Bool("slide", false, "with --format mermaid: one order as a slide")
	order := fs.String("order", "", "the order `ID` of a --slide (default: the first with a finding, else o-1)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("run needs one strategy: %s", strings.Join(scenarios.IDs(), ", "))
	}
	if len(pos) > 1 {
		hint := ""
		if strings.HasPrefix(pos[1], "-") {
			hint = " (a flag after a lone -- is read as an argument)"
		}
		return usagef("run takes one strategy, got %q and %q%s", pos[0], pos[1], hint)
	}
	if err := oneOf("format", *format, "text", "json", "mermaid"); err != nil {
		return err
	}
	if (*slide || *order != "") && *format != "mermaid" {
		return usagef("--slide and --order need --format mermaid")
	}
	if *order != "" && !*slide {
		return usagef("--order picks the order of a --slide")
	}
	sp, err := f.spec(pos[0])
	if err != nil {
		return err
	}
	sp.Headless = true
	cfg := sp.Config()
	r, err := start(ctx, cfg)
	if err != nil {
		return err
	}
	defer r.Close()
	m.announce(r.Serving())
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var live *liveTrace
	if *format == "text" {
		if err := writeHeader(m.Stdout, cfg); err != nil {
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
			if *format == "text" {
				fmt.Fprintf(m.Stdout, "\nVerdict: ⏹ interrupted after %s: the world was not recovered, so it is not judged\n", words.Count(r.Steps(), "step", "steps"))
			}
			return interruptedAfter(r.Steps())
		}
		return err
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case "mermaid":
		if *slide {
			return writeSlide(m.Stdout, rep, *order)
		}
		return trace.WriteMermaid(m.Stdout, rep.Trace)
	}
	if err := writeVerdict(m.Stdout, rep); err != nil {
		return err
	}
	if cfg.Dir != "" {
		_, err = fmt.Fprintf(m.Stdout, "\nThe files stay in %s: try sqlite3 %s 'select * from orders'\n", cfg.Dir, shellArg(filepath.Join(cfg.Dir, "orders.db")))
	}
	return err
}

// shellArg quotes s for a POSIX shell when it holds anything but plain path
// characters, so a command we suggest can be pasted as it is.
func shellArg(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:,+@%=", r)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}

// writeHeader is the first line of a text run, written before its first step.
func writeHeader(w io.Writer, cfg lab.Config) error {
	faults := "no faults"
	if len(cfg.Faults) > 0 {
		var specs []string
		for _, f := range cfg.Faults {
			specs = append(specs, f.String())
		}
		faults = "faults: " + strings.Join(specs, ", ")
	}
	workload := "place"
	if cfg.Lifecycle {
		workload = "lifecycle"
	}
	_, err := fmt.Fprintf(w, "dualwrite run %s · %s · seed %d · %s (%s)%s%s\n\n", cfg.Name, faults, cfg.Seed, words.Count(cfg.Orders, "order", "orders"), workload, consumerNote(cfg), switchesNote(cfg))
	return err
}

// switchesNote names in a run's header the switches that shape what it
// shows, so a header on a slide says what the run was: the JSON report has
// them too.
func switchesNote(cfg lab.Config) string {
	var out []string
	if cfg.Retry > 0 {
		out = append(out, fmt.Sprintf("retry %d", cfg.Retry))
	}
	if cfg.IdempotencyKey {
		out = append(out, "idempotency key")
	}
	if cfg.MaxDeliver > 0 {
		out = append(out, fmt.Sprintf("max-deliver %d", cfg.MaxDeliver))
	}
	if cfg.Consumers > 1 {
		out = append(out, fmt.Sprintf("%d consumers", cfg.Consumers))
	}
	if cfg.Partitions > 0 {
		out = append(out, words.Count(cfg.Partitions, "partition", "partitions"))
	}
	if cfg.Interval > 0 {
		out = append(out, fmt.Sprintf("interval %s", cfg.Interval))
	}
	if cfg.Replicas > 1 {
		out = append(out, fmt.Sprintf("%d replicas", cfg.Replicas))
	}
	if len(out) == 0 {
		return ""
	}
	return " · " + strings.Join(out, ", ")
}

// writeVerdict writes the verdict of a finished run, below its trace.
func writeVerdict(w io.Writer, rep *lab.Report) error {
	fmt.Fprintln(w)
	a := rep.Anomalies
	if rep.Consistent {
		fmt.Fprintln(w, "Verdict: ✓ CONSISTENT: the database and shipping agree on every order.")
	} else {
		// What a poison event holds up is said here too: all four counts
		// can be 0 in a run that is inconsistent only through it.
		poison := lab.PoisonLine(rep.Verdict)
		if poison != "" {
			poison = "; " + poison
		}
		fmt.Fprintf(w, "Verdict: ✗ INCONSISTENT: lost %d, ghost %d, duplicate %d, reordered %d%s%s\n", a.Lost, a.Ghost, a.Duplicate, a.Reordered, a.DoubleOrderNote(", "), poison)
	}
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "  ✗ %-9s %s\n", f.Kind, f.Explanation)
	}
	if len(rep.Ambiguous) > 0 {
		fmt.Fprintf(w, "  ? ambiguous: %s: the caller was told the call failed (or got no answer), yet the order is committed\n", strings.Join(rep.Ambiguous, ", "))
	}
	writePoison(w, rep.Verdict)
	if rep.Deduplicated > 0 {
		fmt.Fprintf(w, "  ≡ deduplicated: %d (JetStream %d, consumer inbox %d)\n", rep.Deduplicated, rep.DedupBy.Broker, rep.DedupBy.Consumer)
	}
	if rep.Discarded > 0 {
		fmt.Fprintf(w, "  ↷ discarded: %d (changes older than the version shipping held, not applied)\n", rep.Discarded)
	}
	if rep.BlockedMs != nil && *rep.BlockedMs > 0 {
		fmt.Fprintf(w, "  ⏸ blocked %.0fms: requests waited on orders.db's write lock, held by a prepared transaction in doubt\n", *rep.BlockedMs)
	}
	fmt.Fprintf(w, "  %s", rep.Lag)
	if rep.Lag.Samples > 0 && rep.Lag.P50 < 0 {
		fmt.Fprint(w, " (negative: shipping applied events before their orders were committed)")
	}
	fmt.Fprintln(w)
	for _, t := range rep.Unstruck {
		fmt.Fprintf(w, "  ○ unstruck: %s\n", t.Why())
	}
	if !rep.Settled {
		fmt.Fprintln(w, "  ! recovery did not settle within its bound: the verdict is of the world as it was then")
	}
	return nil
}
