package faults

import (
	"math/rand/v2"
	"sync"
	"time"
)

// Decision is what a point does when reached; Action "" means nothing strikes.
type Decision struct {
	Action Action
	Arg    time.Duration
}

// Strikes reports whether a fault strikes, so callers need not compare with "".
func (d Decision) Strikes() bool { return d.Action != "" }

// Plan decides at each point, deterministically from its seed and the order in
// which points are reached. Safe for concurrent use: the service, its relay
// and the consumer reach their points from different goroutines. A nil plan
// strikes nothing, so a run without faults needs no plan.
type Plan struct {
	mu       sync.Mutex
	rng      *rand.Rand
	armed    []*armed // in the order armed; few enough to search
	disarmed bool
}

// armed is a fault and how far along its chain the point has got. Each point
// keeps its own position, so reaching one point never moves another's chain.
type armed struct {
	fault Fault
	pos   int // index of the current term; len(chain) once exhausted
	used  int // times the current counted term has struck
}

// NewPlan returns a plan with faults armed in the given order; a later fault
// at the same point replaces an earlier one, as with Arm. The seed feeds the
// plan's own source, so other users of math/rand cannot shift its draws.
func NewPlan(seed int64, faults ...Fault) *Plan {
	p := &Plan{rng: rand.New(rand.NewPCG(uint64(seed), uint64(seed)))}
	for _, f := range faults {
		p.Arm(f)
	}
	return p
}

// Eval is called each time point is reached and says what strikes there.
// Only a P% term draws from the random source, exactly once per evaluation,
// so a point with nothing armed (or an exhausted chain, or a disarmed plan)
// leaves the draws of every other point where they were.
func (p *Plan) Eval(point string) Decision {
	if p == nil {
		return Decision{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.disarmed {
		return Decision{}
	}
	a := p.find(point)
	if a == nil || a.pos >= len(a.fault.Chain) {
		return Decision{}
	}
	t := a.fault.Chain[a.pos]
	if t.Count > 0 {
		// A counted term is used up by the times it is reached, as in
		// gofail, and then hands over to the next term.
		a.used++
		if a.used >= t.Count {
			a.pos, a.used = a.pos+1, 0
		}
	}
	if t.Percent > 0 && p.rng.Float64()*100 >= t.Percent {
		return Decision{}
	}
	return Decision{Action: t.Action, Arg: t.Arg}
}

// Arm adds the fault at f.Point, or replaces the one already there in its
// place, with its chain started fresh. The UI uses it while a run goes on.
func (p *Plan) Arm(f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f.Chain = append(Chain(nil), f.Chain...) // the caller may reuse its slice
	if a := p.find(f.Point); a != nil {
		*a = armed{fault: f}
		return
	}
	p.armed = append(p.armed, &armed{fault: f})
}

// Disarm is recovery: from now on nothing strikes, so the world can heal and
// the checker judges what the faults left behind. It is final: faults armed
// afterwards are listed by Faults but do not strike, so a fault armed live
// cannot break a recovery in progress.
func (p *Plan) Disarm() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.disarmed = true
}

// Faults returns the armed faults in the order armed, for the report and the
// UI; Disarm does not clear them, since the report names what was injected.
func (p *Plan) Faults() []Fault {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fs := make([]Fault, len(p.armed))
	for i, a := range p.armed {
		fs[i] = Fault{Point: a.fault.Point, Chain: append(Chain(nil), a.fault.Chain...)}
	}
	return fs
}

// find returns the armed fault at point, or nil. The caller holds p.mu.
func (p *Plan) find(point string) *armed {
	for _, a := range p.armed {
		if a.fault.Point == point {
			return a
		}
	}
	return nil
}
