package faults

import (
	"fmt"
	"strings"
)

// Fault is POINT=TERM as given on the command line: a point armed with a chain.
type Fault struct {
	Point string
	Chain Chain
}

// String returns the canonical form, e.g. "after-commit=1*crash", which
// ParseFault reads back to an equal fault.
func (f Fault) String() string {
	return f.Point + "=" + f.Chain.String()
}

// StopsBroker reports whether a term of the fault takes the broker down.
func (f Fault) StopsBroker() bool {
	for _, t := range f.Chain {
		if t.Action == BrokerDown {
			return true
		}
	}
	return false
}

// ParseFault parses POINT=TERM, splitting at the first '=' so that the chain
// is parsed by ParseChain alone. Whether the point exists is for Validate,
// which knows the strategy's points.
func ParseFault(spec string) (Fault, error) {
	point, chain, ok := strings.Cut(spec, "=")
	point = strings.TrimSpace(point)
	if !ok || point == "" {
		return Fault{}, fmt.Errorf("malformed fault %q: want POINT=TERM, e.g. after-commit=1*crash", spec)
	}
	c, err := ParseChain(chain)
	if err != nil {
		return Fault{}, err
	}
	return Fault{Point: point, Chain: c}, nil
}
