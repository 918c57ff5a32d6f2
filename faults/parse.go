package faults

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxDuration bounds the duration of a term: a run waits for it.
const MaxDuration = time.Hour

// termSyntax is appended to malformed-term errors so the user sees the grammar
// and a few examples instead of guessing.
const termSyntax = "want [N*|P%]action[(arg)], e.g. 1*crash, 25%ack-lost, delay(50ms)"

// ParseChain parses terms joined with "->", e.g. "1*crash->error". Whitespace
// around terms is ignored; an empty string or an empty link is malformed.
func ParseChain(s string) (Chain, error) {
	links := strings.Split(s, "->")
	c := make(Chain, 0, len(links))
	for _, link := range links {
		t, err := parseTerm(strings.TrimSpace(link))
		if err != nil {
			return nil, err
		}
		c = append(c, t)
	}
	// Only a counted term hands over to the next (see Plan.Eval): after one
	// without a count, the rest of the chain could never strike.
	for i, t := range c[:len(c)-1] {
		if t.Count == 0 {
			return nil, fmt.Errorf("unreachable %q after %q in %q: a term without N* strikes for ever, so the chain never moves on; give it a count, e.g. %s", c[i+1:].String(), t, s, Term{Count: 1, Action: t.Action, Arg: t.Arg})
		}
	}
	return c, nil
}

// MaxCount bounds N in N*: more strikes than a run has steps mean nothing.
const MaxCount = 1_000_000

// parseTerm parses one trimmed term. Each error quotes the term and says what
// would have been valid.
func parseTerm(s string) (Term, error) {
	malformed := fmt.Errorf("malformed term %q: %s", s, termSyntax)
	if s == "" {
		return Term{}, malformed
	}

	// Split off the argument first, so a '*' or '%' inside it cannot be
	// mistaken for a prefix.
	head, arg, hasArg := strings.Cut(s, "(")
	if hasArg {
		var ok bool
		if arg, ok = strings.CutSuffix(arg, ")"); !ok {
			return Term{}, malformed
		}
	}
	if strings.ContainsAny(head, ")") {
		return Term{}, malformed
	}

	var t Term
	name := head
	star, pct := strings.IndexByte(head, '*'), strings.IndexByte(head, '%')
	switch {
	case star >= 0 && pct >= 0:
		return Term{}, malformed
	case star >= 0:
		n, err := strconv.Atoi(head[:star])
		if !isDigits(head[:star]) || err != nil || n < 1 || n > MaxCount {
			return Term{}, fmt.Errorf("bad count in %q: N* needs a whole number N from 1 to %d", s, MaxCount)
		}
		t.Count, name = n, head[star+1:]
	case pct >= 0:
		p, err := strconv.ParseFloat(head[:pct], 64)
		if !isDecimal(head[:pct]) || err != nil || p <= 0 || p > 100 {
			return Term{}, fmt.Errorf("bad percentage in %q: P%% needs 0 < P <= 100", s)
		}
		t.Percent, name = p, head[pct+1:]
	}
	if name == "" || strings.ContainsAny(name, "*%") {
		return Term{}, malformed
	}

	t.Action = Action(name)
	if !t.Action.known() {
		return Term{}, fmt.Errorf("unknown action %q in %q: valid actions are %s", name, s, validActions())
	}
	switch t.Action.arg() {
	case argNone:
		if hasArg {
			return Term{}, fmt.Errorf("%s takes no argument", t.Action)
		}
		return t, nil
	case argRequired:
		if !hasArg || arg == "" {
			return Term{}, fmt.Errorf("%s needs a duration, e.g. %s(50ms)", t.Action, t.Action)
		}
	case argOptional:
		if !hasArg {
			return t, nil
		}
		if arg == "" {
			return Term{}, fmt.Errorf("%s takes a duration or nothing, e.g. %s(200ms) or %s", t.Action, t.Action, t.Action)
		}
	}
	d, err := time.ParseDuration(arg)
	if err != nil {
		return Term{}, fmt.Errorf("bad duration %q in %q: use Go durations like 50ms or 1s", arg, s)
	}
	if d <= 0 {
		return Term{}, fmt.Errorf("bad duration %q in %q: needs a positive Go duration like 50ms or 1s", arg, s)
	}
	if d > MaxDuration {
		return Term{}, fmt.Errorf("bad duration %q in %q: the limit is 1h", arg, s)
	}
	t.Arg = d
	return t, nil
}

// isDigits reports whether s is a non-empty run of ASCII digits; strconv.Atoi
// alone would also take a sign.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isDecimal reports whether s holds only digits and dots; strconv.ParseFloat
// alone would also take exponents, hex, "inf" and "NaN".
func isDecimal(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}
