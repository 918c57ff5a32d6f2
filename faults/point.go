package faults

import (
	"fmt"
	"strings"
)

// Point is a named place in a strategy's code where a fault can strike.
type Point struct {
	Name  string // "after-commit", "relay.after-publish", ...
	Kind  Kind   // the operation at the point, which decides the valid actions
	Means string // one line: what a fault here means, for `dualwrite list`
}

// Validate checks f against the points of a strategy: the point must exist and
// every action of its chain must be valid at that point's kind. It does not
// know the strategy's name; callers prefix it.
func Validate(f Fault, points []Point) error {
	var p *Point
	for i := range points {
		if points[i].Name == f.Point {
			p = &points[i]
			break
		}
	}
	if p == nil && len(points) == 0 {
		return fmt.Errorf("unknown fault point %q: there are no fault points here", f.Point)
	}
	if p == nil {
		names := make([]string, len(points))
		for i, q := range points {
			names[i] = q.Name
		}
		return fmt.Errorf("unknown fault point %q: valid points are %s", f.Point, strings.Join(names, ", "))
	}
	if len(f.Chain) == 0 {
		return fmt.Errorf("no term for fault point %q: want POINT=TERM, e.g. %s=1*crash", f.Point, f.Point)
	}
	for _, t := range f.Chain {
		if !p.Kind.allows(t.Action) {
			return fmt.Errorf("%s cannot strike at %s (%s): valid there are %s", t.Action, p.Name, p.Kind, joinActions(p.Kind.Actions()))
		}
	}
	return nil
}

// joinActions lists actions for an error message.
func joinActions(as []Action) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = string(a)
	}
	return strings.Join(names, ", ")
}
