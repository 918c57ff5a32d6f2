package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// multi is a flag that may be given several times.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// globals are the flags every subcommand takes.
type globals struct {
	db      string
	listen  string
	natsURL string
}

func newFlagSet(name string, g *globals) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.db, "db", "", "keep the SQLite files and the NATS store in `DIR`")
	fs.StringVar(&g.listen, "listen", "", "also serve NATS on `ADDR`, for the nats CLI")
	fs.StringVar(&g.natsURL, "nats-url", "", "use the NATS server at `URL` instead of the embedded one")
	return fs
}

// parse parses flags and positional arguments in any order and returns the
// positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usagef("%s takes: %s", fs.Name(), flagList(fs))
			}
			return nil, usagef("%s: %s; %s takes: %s", fs.Name(), firstLine(err.Error()), fs.Name(), flagList(fs))
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func flagList(fs *flag.FlagSet) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) {
		name, _ := flag.UnquoteUsage(f)
		if name == "" {
			names = append(names, "--"+f.Name)
		} else {
			names = append(names, fmt.Sprintf("--%s %s", f.Name, name))
		}
	})
	return strings.Join(names, ", ")
}

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
