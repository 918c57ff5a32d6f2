package lab

import (
	"context"
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/trace"
)

// strike asks the plan what happens at point and does what can be done here:
// a crash kills the instance (and unwinds the caller), a delay waits. Other
// actions are returned for the operation at the point to carry out.
func (r *Run) strike(ctx context.Context, s *Service, point string) faults.Decision {
	r.declared(point)
	s.alive() // an instance that died never reaches its point
	d := r.plan.Eval(point)
	if !d.Strikes() {
		return d
	}
	a := actorOf(ctx)
	// The fault is a step of its own, so the UI shows it coming and a
	// presenter can stop right before it strikes.
	r.sched.announce(a, "fault", a.order)
	if s.dead.Load() {
		// Killed while its fault came (another actor crashed it): the
		// point was reached, and nothing struck there.
		r.plan.Unstrike(point, d)
		panic(crashSignal{})
	}
	r.noteStrike(a, point, d)
	switch d.Action {
	case faults.Crash:
		r.crash(ctx, s, "at "+point)
		panic(crashSignal{})
	case faults.Delay:
		r.sched.sleep(a, d.Arg, "delay", a.order)
		s.alive()
	}
	return d
}

// declared fails the run when a strategy reaches a point its catalog entry
// does not declare: a fault armed at the declared name would never strike.
func (r *Run) declared(point string) {
	if _, ok := r.points[point]; !ok {
		r.fail(fmt.Errorf("the strategy reached fault point %q, which it does not declare", point))
	}
}

// noteStrike puts the fault on the trace and, in words, in the history.
func (r *Run) noteStrike(a *actor, point string, d faults.Decision) {
	term := string(d.Action)
	if d.Arg > 0 {
		term += fmt.Sprintf("(%s)", d.Arg)
	}
	where := r.points[point].Means
	r.trace.Add(trace.Event{Actor: a.name, Step: "fault", Order: a.order, Fault: point + "=" + term,
		Detail: fmt.Sprintf("%s %s", term, where)})
	if a.order == "" {
		return
	}
	r.blame(check.Strike{Order: a.order, Point: point, Action: string(d.Action), By: a.name, Text: strikeText(a.name, point, d, where)})
}

// blame records a cause of whatever happens to an order.
func (r *Run) blame(s check.Strike) {
	r.record(func(h *check.History) { h.Strikes = append(h.Strikes, s) })
	r.note(journalEntry{Kind: jStrike, Strike: &s})
}

func strikeText(who, point string, d faults.Decision, where string) string {
	// A point's words may name the actor the sentence starts with ("after
	// the relay published the row"): once is enough.
	where = strings.ReplaceAll(where, "the "+who+" ", "it ")
	switch d.Action {
	case faults.Crash:
		return fmt.Sprintf("the %s crashed %s (%s)", who, where, point)
	case faults.Error:
		return fmt.Sprintf("the %s failed for real (%s: %s)", operation(point), point, where)
	case faults.AckLost:
		return fmt.Sprintf("the publish reached JetStream but its ack was lost, so the %s saw a timeout (%s)", who, point)
	case faults.BrokerDown:
		return fmt.Sprintf("the broker was down when the %s published (%s)", who, point)
	case faults.Delay:
		return fmt.Sprintf("the %s was delayed %s %s (%s)", who, d.Arg, where, point)
	case faults.Poison:
		return fmt.Sprintf("the event became poison: the %s can never apply it, on any delivery (%s)", who, point)
	}
	return fmt.Sprintf("%s struck at %s", d.Action, point)
}

func operation(point string) string {
	switch r := lastSegment(point); r {
	case "commit":
		return "commit"
	case "publish":
		return "publish"
	case "before-apply":
		return "apply"
	default:
		return r
	}
}

func lastSegment(point string) string {
	for i := len(point) - 1; i >= 0; i-- {
		if point[i] == '.' {
			return point[i+1:]
		}
	}
	return point
}
