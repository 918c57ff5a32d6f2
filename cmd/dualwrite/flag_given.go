package main

import (
	"flag"
	"fmt"
	"strings"
)

// givenValue records each value a flag is given, so that parse can refuse a
// single-valued flag given twice (the flag package silently keeps the last)
// and a value given empty (which would silently mean the default).
type givenValue struct {
	flag.Value
	values *[]string
}

func (g givenValue) Set(v string) error {
	*g.values = append(*g.values, v)
	return g.Value.Set(v)
}

// Get and IsBoolFlag pass through, so the flag package still parses --fresh
// without a value and limits still read the value's type.
func (g givenValue) Get() any {
	if gt, ok := g.Value.(flag.Getter); ok {
		return gt.Get()
	}
	return g.Value.String()
}

func (g givenValue) IsBoolFlag() bool {
	b, ok := g.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// givenValues holds what each flag of a set was given while it was parsed.
type givenValues struct {
	fs     *flag.FlagSet
	orig   map[string]flag.Value
	values map[string]*[]string
}

// recordGiven wraps every flag of fs until restore.
func recordGiven(fs *flag.FlagSet) *givenValues {
	g := &givenValues{fs: fs, orig: map[string]flag.Value{}, values: map[string]*[]string{}}
	fs.VisitAll(func(f *flag.Flag) {
		vals := new([]string)
		g.orig[f.Name], g.values[f.Name] = f.Value, vals
		f.Value = givenValue{Value: f.Value, values: vals}
	})
	return g
}

// restore puts the flags' own values back: help and usage name a flag's
// argument from its value's type.
func (g *givenValues) restore() {
	g.fs.VisitAll(func(f *flag.Flag) { f.Value = g.orig[f.Name] })
}

// check refuses a flag given twice that takes one value, and an empty value.
func (g *givenValues) check() error {
	var err error
	g.fs.VisitAll(func(f *flag.Flag) {
		vals := *g.values[f.Name]
		if err != nil || len(vals) == 0 {
			return
		}
		_, repeatable := g.orig[f.Name].(*multi)
		for _, v := range vals {
			if v == "" && !isBool(g.orig[f.Name]) {
				err = usagef("--%s needs a value, got an empty one; leave the flag out for its default", f.Name)
				return
			}
		}
		switch {
		case repeatable || len(vals) < 2:
		case isBool(g.orig[f.Name]):
			err = usagef("--%s given %d times: give it once", f.Name, len(vals))
		default:
			err = usagef("--%s given %d times (%s): give it once", f.Name, len(vals), quoteAll(vals))
		}
	})
	return err
}

func isBool(v flag.Value) bool {
	b, ok := v.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func quoteAll(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", then ")
}
