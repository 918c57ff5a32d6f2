package docs_test

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dualwrite/dualwrite/scenarios"
)

// This file checks that a command line of a page's ```sh block is one a
// reader can paste: shell words quoted where the shell would eat them, and a
// dualwrite command whose subcommand, flags, strategy ids and fault specs
// exist. It mirrors cmd/dualwrite's flag sets (see `dualwrite CMD --help`);
// a flag added there is added here.

// flagKind is how a flag's value is checked.
type flagKind int

const (
	boolFlag flagKind = iota
	anyValue
	intAtLeast1
	int64Value
	duration
	strategyID
	faultSpec
	oneOfValues
)

type flagSpec struct {
	kind  flagKind
	valid []string // for oneOfValues
}

var globalFlags = map[string]flagSpec{
	"db": {kind: anyValue}, "listen": {kind: anyValue}, "nats-url": {kind: anyValue},
}

var runFlags = map[string]flagSpec{
	"fault": {kind: faultSpec}, "orders": {kind: intAtLeast1}, "seed": {kind: int64Value},
	"workload":      {kind: oneOfValues, valid: []string{"place", "lifecycle"}},
	"poll-interval": {kind: duration}, "interval": {kind: duration},
	"consumer": {kind: oneOfValues, valid: []string{"plain", "inbox", "versioned"}},
	"retry":    {kind: anyValue}, "idempotency-key": {kind: boolFlag}, "replicas": {kind: anyValue},
	"max-deliver": {kind: intAtLeast1},
	"consumers":   {kind: intAtLeast1}, "partitions": {kind: intAtLeast1},
}

// subcommands: the flags of each, and how many strategy ids it takes as
// arguments (at most).
var subcommands = map[string]struct {
	flags      map[string]flagSpec
	strategies int
	needs      bool // the strategy argument is required
}{
	"tui":     {flags: runFlags, strategies: 1},
	"run":     {flags: with(runFlags, "format", flagSpec{kind: oneOfValues, valid: []string{"text", "json", "mermaid"}}), strategies: 1, needs: true},
	"list":    {flags: map[string]flagSpec{"json": {kind: boolFlag}}},
	"compare": {flags: map[string]flagSpec{"format": {kind: oneOfValues, valid: []string{"text", "markdown", "json"}}}},
	"chaos": {flags: map[string]flagSpec{
		"runs": {kind: intAtLeast1}, "seed": {kind: int64Value}, "strategy": {kind: strategyID},
		"workload": {kind: oneOfValues, valid: []string{"place", "lifecycle", "mixed"}},
		"format":   {kind: oneOfValues, valid: []string{"text", "json"}},
		"consumer": {kind: oneOfValues, valid: []string{"plain", "inbox", "versioned"}},
	}},
	"serve": {flags: map[string]flagSpec{
		"host-key": {kind: anyValue}, "max-sessions": {kind: intAtLeast1}, "idle": {kind: duration},
		"presenter-key": {kind: anyValue}, "passphrase": {kind: anyValue}, "authorized-keys": {kind: anyValue},
		"theme": {kind: oneOfValues, valid: []string{"dark", "light", "auto"}}, "seed": {kind: int64Value}, "orders": {kind: intAtLeast1},
	}},
	"bench": {flags: map[string]flagSpec{
		"orders": {kind: intAtLeast1}, "strategy": {kind: strategyID},
		"format": {kind: oneOfValues, valid: []string{"text", "json"}},
	}},
	"replay": {flags: map[string]flagSpec{"format": {kind: oneOfValues, valid: []string{"text", "json"}}}},
}

func with(m map[string]flagSpec, name string, f flagSpec) map[string]flagSpec {
	out := map[string]flagSpec{name: f}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// checkCommand returns why line is not a valid command, or nil.
func checkCommand(line string) error {
	words, err := shellWords(line)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return nil
	}
	switch {
	case words[0] == "dualwrite":
		return checkDualwrite(words[1:])
	case len(words) >= 3 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/dualwrite":
		return checkDualwrite(words[3:])
	case len(words) >= 2 && words[0] == "go" && (words[1] == "install" || words[1] == "build") && words[len(words)-1] == "./cmd/dualwrite":
		return nil
	}
	return fmt.Errorf("not a dualwrite command: %q (other commands belong in a ```text block)", words[0])
}

func checkDualwrite(args []string) error {
	if len(args) == 0 {
		return nil // the UI
	}
	sub, ok := subcommands[args[0]]
	if !ok {
		return fmt.Errorf("unknown subcommand %q", args[0])
	}
	var positional []string
	for i := 1; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			positional = append(positional, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		spec, ok := sub.flags[name]
		if !ok {
			spec, ok = globalFlags[name]
		}
		if !ok {
			return fmt.Errorf("%s takes no flag --%s", args[0], name)
		}
		if spec.kind == boolFlag {
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return fmt.Errorf("--%s needs a value", name)
			}
			i++
			value = args[i]
		}
		if err := checkValue(name, spec, value); err != nil {
			return err
		}
	}
	if len(positional) > sub.strategies {
		return fmt.Errorf("%s takes at most %d argument(s), got %q", args[0], sub.strategies, positional)
	}
	if sub.needs && len(positional) == 0 {
		return fmt.Errorf("%s needs a strategy", args[0])
	}
	for _, id := range positional {
		if _, err := scenarios.Lookup(id); err != nil {
			return err
		}
	}
	if sub.strategies == 1 && len(positional) == 1 {
		return checkFaults(positional[0], args)
	}
	return nil
}

// checkFaults parses every --fault against the strategy's own points.
func checkFaults(id string, args []string) error {
	s, _ := scenarios.Lookup(id)
	var specs []string
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if !strings.HasPrefix(args[i], "-") || name != "fault" {
			continue
		}
		if !hasValue && i+1 < len(args) {
			i++
			value = args[i]
		}
		specs = append(specs, value)
	}
	_, err := s.ParseFaults(specs)
	return err
}

func checkValue(name string, spec flagSpec, v string) error {
	switch spec.kind {
	case intAtLeast1:
		if n, err := strconv.Atoi(v); err != nil || n < 1 {
			return fmt.Errorf("--%s %q: want a whole number of at least 1", name, v)
		}
	case int64Value:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Errorf("--%s %q: want a whole number", name, v)
		}
	case duration:
		if d, err := time.ParseDuration(v); err != nil || d < 0 {
			return fmt.Errorf("--%s %q: want a duration such as 5ms", name, v)
		}
	case strategyID:
		if _, err := scenarios.Lookup(v); err != nil {
			return err
		}
	case oneOfValues:
		for _, ok := range spec.valid {
			if v == ok {
				return nil
			}
		}
		return fmt.Errorf("--%s %q: valid values are %s", name, v, strings.Join(spec.valid, ", "))
	case faultSpec:
		if !strings.Contains(v, "=") {
			return fmt.Errorf("--%s %q: want POINT=TERM", name, v)
		}
	}
	return nil
}

// shellWords splits a line as a POSIX shell would for the cases the pages
// use: words, single and double quotes. A character the shell would treat
// specially outside quotes is refused, so a pasted line does what it says.
func shellWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case strings.ContainsRune("()*?[]<>|;&$`\\#~{}!", r):
			return nil, fmt.Errorf("%q outside quotes: a shell would not pass it on as written; quote the word", r)
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote", quote)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
