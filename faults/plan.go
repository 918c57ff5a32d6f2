package faults

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// Decision is what a point does when reached; Action "" means nothing strikes.
type Decision struct {
	Action Action
	Arg    time.Duration
	term   int // the index of the term that decided, for Unstrike
}

// Strikes reports whether a fault strikes, so callers need not compare with "".
func (d Decision) Strikes() bool { return d.Action != "" }

// Plan decides at each point, deterministically from its seed and the order in
// which points are reached. Safe for concurrent use: the service, its relay
// and the consumer reach their points from different goroutines. A nil plan
// strikes nothing, so a run without faults needs no plan.
type Plan struct {
	mu         sync.Mutex
	rng        *rand.Rand
	armed      []*armed // in the order armed; few enough to search
	recovering bool     // LiftUnbounded was called: faults armed from now on are lifted the same way
	disarmed   bool
}

// armed is a fault and how far along its chain the point has got. Each point
// keeps its own position, so reaching one point never moves another's chain.
type armed struct {
	fault   Fault
	pos     int   // index of the current term; len(chain) once exhausted
	used    int   // times the current counted term has struck
	end     int   // terms from this index on are lifted; len(chain) while none is
	reached []int // per term: times the point was reached while it was current
	struck  []int // per term: times it struck
}

func newArmed(f Fault) *armed {
	n := len(f.Chain)
	return &armed{fault: f, end: n, reached: make([]int, n), struck: make([]int, n)}
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
	if a == nil || a.pos >= a.end {
		return Decision{}
	}
	i, t := a.pos, a.fault.Chain[a.pos]
	a.reached[i]++
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
	a.struck[i]++
	return Decision{Action: t.Action, Arg: t.Arg, term: i}
}

// Unstrike takes back the strike d that Eval decided at point, when the
// actor died before it could carry it out: the point was reached, nothing
// struck there.
func (p *Plan) Unstrike(point string, d Decision) {
	if p == nil || !d.Strikes() {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if a := p.find(point); a != nil && a.struck[d.term] > 0 {
		a.struck[d.term]--
	}
}

// Arm adds the fault at f.Point, or replaces the one already there in its
// place, with its chain started fresh. The UI uses it while a run goes on.
func (p *Plan) Arm(f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f.Chain = append(Chain(nil), f.Chain...) // the caller may reuse its slice
	n := newArmed(f)
	if p.recovering {
		n.liftUnbounded()
	}
	if a := p.find(f.Point); a != nil {
		*a = *n
		return
	}
	p.armed = append(p.armed, n)
}

// blocks says a term that strikes every time would keep a recovering world
// from ever settling: a worker that crashes, fails or loses every ack never
// catches up. A delay only slows it down.
func (t Term) blocks() bool {
	every := t.Count == 0 && (t.Percent == 0 || t.Percent >= 100)
	return every && t.Action != Delay
}

// LiftUnbounded starts recovery: it lifts every term not yet exhausted that
// would strike every time and keep the world from settling, with the terms
// after it, and returns them as POINT=TERM. Every other term stays armed, so
// workers still meet it as they catch up; faults armed from now on are lifted
// the same way.
func (p *Plan) LiftUnbounded() []string {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.recovering = true
	var out []string
	for _, a := range p.armed {
		if i := a.liftUnbounded(); i >= 0 {
			out = append(out, a.fault.Point+"="+a.fault.Chain[i].String())
		}
	}
	return out
}

// liftUnbounded lifts from the first blocking term at or after the current
// one and returns its index, or -1.
func (a *armed) liftUnbounded() int {
	for i := a.pos; i < a.end; i++ {
		if a.fault.Chain[i].blocks() {
			a.end = i
			return i
		}
	}
	return -1
}

// Disarm lifts every fault: from now on nothing strikes, so the world can
// heal and the checker judges what the faults left behind. It is final:
// faults armed afterwards are listed by Faults but do not strike, so a fault
// armed live cannot break a recovery in progress.
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

// Spent reports whether no fault can strike any more: every term exhausted
// or lifted.
func (p *Plan) Spent() bool {
	if p == nil {
		return true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, a := range p.armed {
		if !p.disarmed && a.pos < a.end {
			return false
		}
	}
	return true
}

// Live returns, as POINT=CHAIN, the faults that can still strike: not
// exhausted, not lifted.
func (p *Plan) Live() []string {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, a := range p.armed {
		if !p.disarmed && a.pos < a.end {
			out = append(out, a.fault.Point+"="+a.fault.Chain[a.pos:a.end].String())
		}
	}
	return out
}

// TermReport says what became of one term of an armed fault.
type TermReport struct {
	Fault    string `json:"fault"`    // the whole fault, POINT=CHAIN
	Term     string `json:"term"`     // this term
	Position int    `json:"position"` // its place in the chain, from 1
	Reached  int    `json:"reached"`  // times the point was reached while this term was current
	Struck   int    `json:"struck"`   // times it struck
	Lifted   bool   `json:"lifted"`   // recovery lifted it
	// PointReached is how often the point was reached at all, whichever
	// term was current: a later term's turn may never come.
	PointReached int `json:"point_reached"`
}

// Terms reports every term of every armed fault, in the order armed.
func (p *Plan) Terms() []TermReport {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []TermReport
	for _, a := range p.armed {
		point := 0
		for _, n := range a.reached {
			point += n
		}
		for i, t := range a.fault.Chain {
			out = append(out, TermReport{Fault: a.fault.String(), Term: t.String(), Position: i + 1,
				Reached: a.reached[i], Struck: a.struck[i], Lifted: i >= a.end || (p.disarmed && i >= a.pos), PointReached: point})
		}
	}
	return out
}

// Unstruck returns the terms that never struck.
func (p *Plan) Unstruck() []TermReport {
	out := []TermReport{}
	for _, t := range p.Terms() {
		if t.Struck == 0 {
			out = append(out, t)
		}
	}
	return out
}

// Why says, in words, why a term never struck.
func (t TermReport) Why() string {
	name, where := t.Fault, ""
	if !strings.HasSuffix(t.Fault, "="+t.Term) || t.Position > 1 {
		name, where = t.Term, fmt.Sprintf(" (term %d of %s)", t.Position, t.Fault)
	}
	switch {
	case t.Reached == 0 && t.PointReached > 0:
		why := "its turn never came"
		if t.Lifted {
			why = "recovery lifted it before its turn came"
		}
		return fmt.Sprintf("%s%s never struck: %s; its point was reached %s, while an earlier term was current", name, where, why, times(t.PointReached))
	case t.Reached == 0 && t.Lifted:
		return fmt.Sprintf("%s%s never struck: recovery lifted it before its point was reached", name, where)
	case t.Reached == 0:
		return fmt.Sprintf("%s%s never struck: its point was never reached", name, where)
	default:
		return fmt.Sprintf("%s%s never struck: its point was reached %d times and the draw never fell on it", name, where, t.Reached)
	}
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}
