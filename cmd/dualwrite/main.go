// Command dualwrite is a lab for the dual-write problem: it places orders on
// SQLite and publishes events on NATS JetStream with one strategy or another,
// injects faults, and shows what downstream ends up believing.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/charmbracelet/x/term"
)

// Exit statuses: 0 the command completed (anomalies are the lesson, not an
// error), 1 the tool itself failed, 2 bad input.
const (
	exitOK      = 0
	exitFailed  = 1
	exitBadArgs = 2
	// As a shell reports a process ended by SIGINT or SIGPIPE.
	exitInterrupted = 130
	exitBrokenPipe  = 141
)

// usageError is bad input: one line on stderr and exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func main() {
	ctx, stop := signalContext(context.Background())
	defer stop()
	// A reader that goes away (dualwrite run ... | head) must not kill the
	// process before it cleans up: with SIGPIPE handled, a write to the
	// closed pipe returns EPIPE instead, and the run ends through its
	// deferred cleanup.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// Main runs one command line; tests use it end to end.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Terminal reports whether stdin and stdout are a terminal; nil asks the OS.
	Terminal func() bool
}

var commands = map[string]func(m *Main, ctx context.Context, args []string) error{
	"bench":   (*Main).bench,
	"chaos":   (*Main).chaos,
	"clean":   (*Main).clean,
	"compare": (*Main).compare,
	"lesson":  (*Main).lesson,
	"list":    (*Main).list,
	"replay":  (*Main).replay,
	"resume":  (*Main).resume,
	"run":     (*Main).run,
	"serve":   (*Main).serve,
	"tui":     (*Main).tui,
}

const commandNames = "tui, lesson, list, run, resume, replay, compare, chaos, bench, clean, serve"

// Run executes args and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	out := &checkedWriter{w: m.Stdout}
	cmd := *m
	if !opensUI(args) {
		cmd.Stdout = out
	}
	err := cmd.dispatch(ctx, args)
	var help helpRequested
	if errors.As(err, &help) {
		fmt.Fprint(out, help.text)
		err = nil
	}
	if werr := out.failed(); werr != nil && err == nil {
		err = werr
	}
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case brokenPipe(err):
		// The reader went away (| head): what it wanted it has; say nothing.
		return exitBrokenPipe
	case errors.As(err, new(interruptedError)):
		fmt.Fprintln(m.Stderr, "dualwrite: "+err.Error())
		return interruptedStatus(ctx)
	case errors.As(err, &ue):
		fmt.Fprintln(m.Stderr, "dualwrite: "+ue.msg)
		return exitBadArgs
	case errors.Is(err, context.Canceled):
		// An interrupt a command did not describe itself: still 130, never
		// 1, which compare also uses for a mismatch.
		fmt.Fprintln(m.Stderr, "dualwrite: interrupted")
		return interruptedStatus(ctx)
	default:
		fmt.Fprintln(m.Stderr, "dualwrite: "+err.Error())
		return exitFailed
	}
}

func (m *Main) dispatch(ctx context.Context, args []string) error {
	if len(args) == 0 {
		if !m.terminal() {
			return usagef("no terminal for the UI: use a subcommand (%s), e.g. dualwrite run naive", commandNames)
		}
		return m.tui(ctx, nil)
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(m.Stdout, usageText)
		return nil
	}
	if strings.HasPrefix(args[0], "-") { // dualwrite --present, --theme light: the UI
		return m.tui(ctx, args)
	}
	cmd, ok := commands[args[0]]
	if !ok {
		return usagef("unknown command %q: valid commands are %s", args[0], commandNames)
	}
	return cmd(m, ctx, args[1:])
}

func (m *Main) terminal() bool {
	if m.Terminal != nil {
		return m.Terminal()
	}
	return isTerminal(os.Stdin) && isTerminal(os.Stdout)
}

// liveProgress reports whether a progress display may redraw itself on
// stderr: only when stderr is a terminal too, so that 2>log gets no cursor
// movements, and not on a terminal that declares it cannot move the cursor.
func (m *Main) liveProgress() bool {
	if m.Terminal != nil {
		return m.Terminal()
	}
	return m.terminal() && isTerminal(os.Stderr) && os.Getenv("TERM") != "dumb"
}

// isTerminal asks the terminal itself: /dev/null is a character device too.
func isTerminal(f *os.File) bool { return term.IsTerminal(f.Fd()) }

const usageText = `dualwrite: a lab for the dual-write problem (SQLite + NATS JetStream)

  dualwrite                         the terminal UI
  dualwrite tui [STRATEGY] [--fault POINT=TERM]... [--present] [--theme dark|light|auto]
  dualwrite lesson [--present] [--theme dark|light|auto]
                                    the workshop: each experiment asks the room first
  dualwrite list [--json]           strategies and their fault points
  dualwrite run STRATEGY [--fault POINT=TERM]... [--orders N] [--seed S]
                [--workload place|lifecycle] [--format text|json|mermaid]
                [--interval D] [--poll-interval D] [--slide [--order ID]]
                [--retry N] [--idempotency-key] [--replicas N]
                                    one run: its trace as it happens, then its verdict
                                    (with mermaid, --slide draws one order as a slide)
  dualwrite compare [--format text|markdown|json]
                                    every strategy against every fault of the catalog,
                                    expected and measured side by side; exit 1 on a mismatch
  dualwrite chaos [--runs N] [--seed S] [--strategy ID]... [--workload place|lifecycle|mixed]
                [--consumer G] [--format text|json]
                                    randomized seeded fault campaigns, anomaly counts
                                    and a command that reproduces each anomaly; an
                                    interrupt prints the tallies so far, exit 130
  dualwrite bench [--orders N] [--strategy ID]... [--concurrent] [--format text|json]
                                    throughput, commit-to-apply lag and outbox backlog;
                                    --concurrent adds runs without the stepper beside them
  dualwrite resume --db DIR         finish and judge a run kept with --db that was killed
  dualwrite replay --db DIR         put the dead letters of a run kept with --db back on the
                                    orders stream (its faults lifted) and judge it again
  dualwrite clean --nats-url URL    list and remove what killed runs left on a NATS server
  dualwrite serve [--listen ADDR] [--host-key FILE] [--max-sessions N] [--idle D]
                [--presenter-key FILE] [--passphrase P|generate | --authorized-keys FILE]
                                    the UI over SSH for a whole class: each session its own
                                    lab, students follow the presenter, predictions tallied live
  dualwrite COMMAND --help          a command's flags, and every value each accepts

  run and tui also take:
    --db DIR        keep the SQLite files and the NATS store in DIR: a new or empty directory,
                    or one dualwrite made (marked by its .dualwrite file); locked while a run uses it
    --fresh         with --db, remove the earlier run's files (only those the marker lists)
    --listen ADDR   serve NATS for the nats CLI; a bare :PORT is 127.0.0.1, :0 a free port;
                    another host needs a token (--token T, or one generated and printed once)
    --nats-url URL  use an existing NATS server with JetStream; credentials in it are never shown
    --consumer G    shipping's guarantee: plain, inbox or versioned (default: the strategy's preset)
    --retry N       the caller retries a call that failed or got no answer, up to N times (0 to 10)
    --idempotency-key
                    the caller sends a key with each order; the service stores it with the order
                    and answers a retry from it instead of placing the order again
    --replicas N    with --nats-url on a JetStream cluster: the run's stream and buckets on N servers (1 to 5)
    --max-deliver N deliver one message at most N times (1 to 20), then park it as a dead letter
    --consumers N   N shipping instances (1 to 8) on one durable consumer: events can reorder
    --partitions N  with --consumers N: subjects partitioned by order id, one in-order consumer each
  Limits: --orders 100000, --runs 1000000, --retry 10, --replicas 5, --max-deliver 20, --consumers 8, every duration 1h
  Faults: POINT=[N*|P%]action[(arg)], one --fault per point, terms chained with ->,
          e.g. after-commit=1*crash, publish=25%ack-lost, relay.publish=broker-down(300ms)
  Flags: each once and never empty (--fault, --strategy and --presenter-key repeat).
  Exit status: 0 done (anomalies are the lesson), 1 the tool failed (or stdout could not
          be written), 2 bad input; interrupted 130 (Ctrl-C), 143 (SIGTERM), 129 (SIGHUP)
`
