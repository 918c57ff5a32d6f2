package lab

import (
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/trace"
)

// Contender is one service instance of a race: the lane it acts in and the
// requests it sends.
type Contender struct {
	Lane     string // "service-a"
	Requests []Request
}

// Racer is a strategy in which more service instances act at once. Once the
// workload is placed, each contender starts as its own instance, with its own
// database handle and NATS connection, and sends its requests through the
// strategy's Handle. The script says how their steps interleave: "lane:step"
// entries ("service-a:commit", "service-b:publish", ...), which the stepper
// enforces, so the race comes out the same on every run and every seed.
type Racer interface {
	Strategy
	Contenders() []Contender
	Script() []string
}

// startRace starts the contenders of a Racer, each as a client actor with its
// own service instance. It is called in the turn of the workload's client,
// after its last request.
func (r *Run) startRace(rc Racer) {
	cs := rc.Contenders()
	r.sched.mu.Lock()
	r.sched.script = append([]string(nil), rc.Script()...)
	r.sched.mu.Unlock()
	var lanes []string
	for _, c := range cs {
		lanes = append(lanes, c.Lane)
	}
	r.trace.Add(trace.Event{Actor: trace.Lab, Step: "race",
		Detail: fmt.Sprintf("%s start, each its own service instance; the stepper interleaves them as scripted: %s",
			strings.Join(lanes, " and "), strings.Join(rc.Script(), ", "))})
	for _, c := range cs {
		s, err := r.newInstance(c.Lane)
		if err != nil {
			r.fail(fmt.Errorf("start %s: %w", c.Lane, err))
			return
		}
		r.mu.Lock()
		r.racers = append(r.racers, s)
		r.mu.Unlock()
		r.addCaller(r.sched.spawn(c.Lane, rankService, func(a *actor) {
			ctx := withActor(r.ctx, a)
			for _, req := range c.Requests {
				r.handle(ctx, a, s, req)
			}
		}))
	}
}
