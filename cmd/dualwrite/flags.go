package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// multi is a flag that may be given several times.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// globals are the flags of the commands that make one run.
type globals struct {
	db      string
	listen  string
	natsURL string
}

var globalNames = []string{"db", "listen", "nats-url"}

// oneRun are the commands that use the global flags. The others register them
// only to refuse them with a sentence, and do not list them.
var oneRun = map[string]bool{"run": true, "tui": true, "lesson": true, "resume": true, "serve": true, "replay": true}

func newFlagSet(name string, g *globals) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.db, "db", "", "keep the SQLite files and the NATS store in `DIR` (new, empty, or made by dualwrite; locked while in use)")
	fs.StringVar(&g.listen, "listen", "", "also serve NATS on `ADDR` for the nats CLI (a bare :PORT is 127.0.0.1; :0 picks a free port)")
	fs.StringVar(&g.natsURL, "nats-url", "", "use the NATS server at `URL` (with JetStream) instead of the embedded one")
	return fs
}

// Limits of the numeric flags, whatever command takes them: a run is held in
// memory and on disk, and a typo of a few zeros must not fill either.
var intLimits = map[string]int64{
	"orders": 100_000,
	"runs":   1_000_000,
}

// maxDuration bounds every duration flag: the lab waits for them.
const maxDuration = time.Hour

// helpRequested is --help: its text goes to stdout with exit status 0.
type helpRequested struct{ text string }

func (h helpRequested) Error() string { return h.text }

// parse parses flags and positional arguments in any order and returns the
// positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	given := recordGiven(fs)
	pos, err := parseAll(fs, args)
	if err != nil {
		// Read while wrapped: it names the type a bad value should have.
		msg := flagError(fs, err)
		given.restore()
		if errors.Is(err, flag.ErrHelp) {
			return nil, helpRequested{commandHelp(fs)}
		}
		return nil, usagef("%s: %s; %s takes: %s", fs.Name(), msg, fs.Name(), flagList(fs))
	}
	given.restore()
	if err := given.check(); err != nil {
		return nil, err
	}
	return pos, checkLimits(fs)
}

func parseAll(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// checkLimits refuses a flag given beyond its limit, naming the limit.
func checkLimits(fs *flag.FlagSet) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		g, ok := f.Value.(flag.Getter)
		if !ok || err != nil {
			return
		}
		switch v := g.Get().(type) {
		case int:
			if limit, ok := intLimits[f.Name]; ok && int64(v) > limit {
				err = usagef("bad --%s %d: the limit is %d", f.Name, v, limit)
			}
		case time.Duration:
			if v > maxDuration {
				err = usagef("bad --%s %s: the limit is %s", f.Name, fmtDuration(v), fmtDuration(maxDuration))
			}
		}
	})
	return err
}

// fmtDuration drops the zero minutes and seconds Duration.String shows: 1h.
func fmtDuration(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

var (
	reUndefined = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	reNeedsArg  = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	reInvalid   = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]*): (.*)$`)
	reSyntax    = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

// flagError says what was wrong with a flag, naming it --name as the usage
// does, whichever way it was typed.
func flagError(fs *flag.FlagSet, err error) string {
	msg := firstLine(err.Error())
	if m := reUndefined.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("flag provided but not defined: --%s", m[1])
	}
	if m := reNeedsArg.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("--%s needs a value", m[1])
	}
	if m := reSyntax.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("bad flag syntax %q: write --name value or --name=value", m[1])
	}
	if m := reInvalid.FindStringSubmatch(msg); m != nil {
		value, name := m[1], m[2]
		want := m[3]
		if f := fs.Lookup(name); f != nil {
			if g, ok := f.Value.(flag.Getter); ok {
				switch g.Get().(type) {
				case int, int64:
					want = "want a whole number"
				case time.Duration:
					want = "want a Go duration like 50ms or 2s"
				case bool:
					want = "want true or false"
				}
			}
		}
		return fmt.Sprintf("invalid value %q for --%s: %s", value, name, want)
	}
	return strings.ReplaceAll(msg, " -", " --")
}

// refusesGlobals are the commands that register the global flags (through
// newFlagSet) only to refuse them. clean is not one: its --nats-url is its own.
var refusesGlobals = map[string]bool{"list": true, "compare": true, "chaos": true, "bench": true}

// refused are the flags a command registers with a shared set (runFlags)
// only to refuse them with a sentence: its help does not list them.
var refused = map[string]map[string]bool{"lesson": {"fault": true}}

// visible calls fn for each flag fs lists: all of them but the globals of a
// command that refuses them, and the flags it refuses.
func visible(fs *flag.FlagSet, fn func(f *flag.Flag)) {
	fs.VisitAll(func(f *flag.Flag) {
		if refusesGlobals[fs.Name()] && isGlobal(f.Name) || refused[fs.Name()][f.Name] {
			return
		}
		fn(f)
	})
}

func isGlobal(name string) bool {
	for _, g := range globalNames {
		if g == name {
			return true
		}
	}
	return false
}

func flagList(fs *flag.FlagSet) string {
	var names []string
	visible(fs, func(f *flag.Flag) { names = append(names, flagName(f)) })
	if len(names) == 0 {
		return "no flags"
	}
	return strings.Join(names, ", ")
}

func flagName(f *flag.Flag) string {
	name, _ := flag.UnquoteUsage(f)
	if name == "" {
		return "--" + f.Name
	}
	return fmt.Sprintf("--%s %s", f.Name, name)
}

// synopses is the first line of each command's help.
var synopses = map[string]string{
	"tui":     "dualwrite tui [STRATEGY] [flags]: the terminal UI, on a strategy's run with its faults armed",
	"list":    "dualwrite list [flags]: strategies and their fault points",
	"run":     "dualwrite run STRATEGY [flags]: one run, its trace as it happens, and its verdict",
	"compare": "dualwrite compare [flags]: every strategy against every fault of the catalog; exit 1 on a mismatch",
	"chaos":   "dualwrite chaos [flags]: randomized seeded fault campaigns and their anomaly counts",
	"bench":   "dualwrite bench [flags]: throughput, commit-to-apply lag and outbox backlog of each strategy",
	"clean":   "dualwrite clean --nats-url URL: list and remove the streams and buckets dualwrite runs left on a server",
	"lesson":  "dualwrite lesson [flags]: the workshop in the UI, every experiment of the catalog, asking the room first",
	"resume":  "dualwrite resume --db DIR [flags]: finish and judge a run kept with --db that was killed",
	"serve":   "dualwrite serve [flags]: the UI over SSH for a whole class, each session in its own lab, following the presenter",
	"replay":  "dualwrite replay --db DIR [flags]: put a kept run's dead letters back on the orders stream, faults lifted, and judge it again",
}

// commandHelp is the text of COMMAND --help: its synopsis and every flag it
// takes, with every value a flag accepts.
func commandHelp(fs *flag.FlagSet) string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: %s\n\n", synopses[fs.Name()])
	visible(fs, func(f *flag.Flag) {
		_, usage := flag.UnquoteUsage(f)
		def := ""
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" && f.DefValue != "0s" && f.DefValue != "[]" {
			def = " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(&b, "  %s\n        %s%s\n", flagName(f), usage, def)
	})
	if fs.Lookup("fault") != nil && !refused[fs.Name()]["fault"] {
		b.WriteString("\n" + faultHelp)
	}
	return b.String()
}

const faultHelp = `Faults: POINT=[N*|P%]action[(arg)], one --fault per point, terms chained with ->,
        e.g. after-commit=1*crash, publish=25%ack-lost, relay.publish=broker-down(300ms),
        publish=1*error->crash. dualwrite list shows every point and its actions.
`

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func oneOf(flagName, v string, valid ...string) error {
	for _, ok := range valid {
		if v == ok {
			return nil
		}
	}
	return usagef("bad --%s %q: valid values are %s", flagName, v, strings.Join(valid, ", "))
}
