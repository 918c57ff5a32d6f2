package tui

import (
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/trace"
)

// Anomalies flagged as they happen, read from the trace's fields (actor,
// target, step, order, fault), never from its sentences: the checker judges
// at the end, these marks only say early what the data already shows.

// stepFlag is what a step of the trace turned out to be.
type stepFlag uint8

const (
	flagNone      stepFlag = iota
	flagFailed             // a commit that a struck error made fail, or an apply that did not apply
	flagDuplicate          // a second apply of an order that was committed once
	flagAbsorbed           // a delivery the inbox absorbed
)

// flagsOf flags each event. A second apply counts as a duplicate only when
// every order has one event (the place workload): with more versions per
// order the trace does not say which version an apply applied.
func flagsOf(events []trace.Event, oneEventPerOrder bool) []stepFlag {
	out := make([]stepFlag, len(events))
	commits, applies := map[string]int{}, map[string]int{}
	for i, e := range events {
		switch e.Step {
		case "absorb":
			out[i] = flagAbsorbed
			continue
		case "commit", "apply":
		default:
			continue
		}
		_, target := trace.LanesOf(e)
		// An apply that did not apply (refused, or a poison event) wrote
		// nothing, like a step an error struck.
		if failedByFault(events, i) || (e.Step == "apply" && e.Outcome != lab.Applied) {
			out[i] = flagFailed
			continue
		}
		switch {
		case e.Step == "commit" && target == trace.OrdersDB:
			commits[e.Order]++
		case e.Step == "apply" && target == trace.ShippingDB:
			applies[e.Order]++
			if oneEventPerOrder && e.Order != "" && applies[e.Order] > max(1, commits[e.Order]) {
				out[i] = flagDuplicate
			}
		}
	}
	return out
}

// failedByFault reports whether the step at i is the one an error fault
// struck: the actor's step just before it on the trace is a fault whose
// action is error.
func failedByFault(events []trace.Event, i int) bool {
	e := events[i]
	for j := i - 1; j >= 0; j-- {
		p := events[j]
		if p.Actor != e.Actor {
			continue
		}
		if p.Step != "fault" || p.Fault == "" {
			return false
		}
		_, action, _ := strings.Cut(p.Fault, "=")
		return action == string(faults.Error)
	}
	return false
}

// armedFault is an armed fault and how often it struck so far.
type armedFault struct {
	spec    string // POINT=TERM as armed
	strikes int
	spent   bool // a counted chain that struck every time it was allowed to
}

// armedFaults reads the armed faults against the trace: a one-shot fault
// that struck is spent, not armed any more.
func armedFaults(armed []string, events []trace.Event) []armedFault {
	out := make([]armedFault, 0, len(armed))
	for _, spec := range armed {
		a := armedFault{spec: spec}
		f, err := faults.ParseFault(spec)
		if err != nil {
			out = append(out, a)
			continue
		}
		for _, e := range events {
			if e.Step == "fault" && strings.HasPrefix(e.Fault, f.Point+"=") {
				a.strikes++
			}
		}
		total := 0
		for _, t := range f.Chain {
			if t.Count == 0 {
				total = -1
				break
			}
			total += t.Count
		}
		a.spent = total > 0 && a.strikes >= total
		out = append(out, a)
	}
	return out
}

func (a armedFault) String() string {
	switch {
	case a.spent:
		return "struck " + a.spec
	case a.strikes > 0:
		return fmt.Sprintf("%s (struck %d×)", a.spec, a.strikes)
	}
	return a.spec
}
