package scenarios

import (
	"context"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
)

// Kinds are the anomaly kinds in the order reports list them.
var Kinds = []check.Kind{check.Lost, check.Ghost, check.Duplicate, check.Reordered}

// Count returns the count of kind k.
func Count(a check.Anomalies, k check.Kind) int {
	switch k {
	case check.Lost:
		return a.Lost
	case check.Ghost:
		return a.Ghost
	case check.Duplicate:
		return a.Duplicate
	case check.Reordered:
		return a.Reordered
	}
	return 0
}

// Chaos is a randomized fault campaign: for each strategy, Runs runs, each
// with faults drawn from Seed over that strategy's points. The same campaign
// draws the same runs and, run for run, gets the same verdicts: every timer
// of a run is on the lab's clock.
type Chaos struct {
	Strategies []Strategy
	Runs       int   // per strategy
	Seed       int64 // of the campaign
	Orders     int   // per run; 0 means 4
	// Workload is "place" (the default: orders are only placed), "lifecycle"
	// (orders are also paid and cancelled) or "mixed" (a third of the runs
	// lifecycle, drawn from the seed).
	Workload string
	// Consumer is shipping's guarantee in every run; "" is each strategy's preset.
	Consumer lab.Guarantee
	Parallel int // runs at once; 0 means Parallelism()
	// Keep is how many witnesses of each anomaly kind a result keeps, the
	// earliest runs that showed it, for Reproduce to try; 0 means 3. Only
	// these and the tallies outlive a run, so a campaign's memory does not
	// grow with its number of runs.
	Keep int
	// Progress, when set, is called after each run with the tally of that
	// run's strategy so far, never from two goroutines at once.
	Progress func(ChaosResult)
	// Broker is the broker the campaign's runs share; nil starts one for
	// the campaign, a fresh one every brokerRuns runs, and closes them.
	Broker *lab.Broker

	brokerRuns int // runs per broker when the campaign starts its own; 0 means brokerRuns
}

// ChaosResult is the tally of one strategy's runs.
type ChaosResult struct {
	Strategy     string          `json:"strategy"`
	Runs         int             `json:"runs"`           // planned
	Done         int             `json:"done"`           // finished, failed ones included
	RunsWith     check.Anomalies `json:"runs_with"`      // runs that showed each anomaly at least once
	Anomalies    check.Anomalies `json:"anomalies"`      // all anomalies of all runs
	Inconsistent int             `json:"inconsistent"`   // runs with any anomaly
	Ambiguous    int             `json:"ambiguous_runs"` // runs where a caller saw a failure for a committed order
	Deduplicated int             `json:"deduplicated"`   // deliveries absorbed over all runs
	Blocked      int             `json:"blocked_runs"`   // runs in which the strategy blocked
	Unsettled    int             `json:"unsettled"`      // runs whose recovery did not settle within its bound
	Failed       int             `json:"failed"`         // runs the lab itself failed
	FirstError   string          `json:"first_error,omitempty"`
	FirstFailed  *Witness        `json:"first_failed,omitempty"` // the first run the lab failed, to look into
	// First holds, for each anomaly kind seen, the first run that showed it.
	First map[check.Kind]*Witness `json:"first"`

	keep      int
	witnesses map[check.Kind][]Witness // the earliest keep runs that showed each kind, by run
}

// Witness is a run that showed an anomaly, with what it takes to make it again.
type Witness struct {
	Run      int      `json:"run"` // 1-based, within its strategy
	Seed     int64    `json:"seed"`
	Faults   []string `json:"faults"`
	Orders   int      `json:"orders"`
	Workload string   `json:"workload"`
	Count    int      `json:"count"`   // anomalies of this kind in the run
	Command  string   `json:"command"` // `dualwrite run` that makes the run again
	// Reproduced says whether the command, made again as `dualwrite run`
	// makes it, showed the anomaly again. Nil until checked.
	Reproduced *bool `json:"reproduced,omitempty"`
	// Instead is the run that first showed the anomaly but did not show it
	// again, when this witness stands in for it; 0 otherwise.
	Instead int `json:"instead_of,omitempty"`

	spec Spec
}

// Specs draws the campaign's runs for s: run i is the same for the same
// campaign seed, whatever else the campaign holds.
func (c *Chaos) Specs(s Strategy) []Spec {
	d := c.drawer(s)
	specs := make([]Spec, c.Runs)
	for i := range specs {
		specs[i] = d.next()
	}
	return specs
}

// specDrawer draws one strategy's runs one at a time, so a campaign holds
// only the runs under way, never the list of all of them.
type specDrawer struct {
	s        Strategy
	rng      *rand.Rand
	orders   int
	workload string
	consumer lab.Guarantee
}

func (c *Chaos) drawer(s Strategy) *specDrawer {
	h := fnv.New64a()
	h.Write([]byte(s.ID))
	orders := c.Orders
	if orders == 0 {
		orders = 4
	}
	return &specDrawer{s: s, rng: rand.New(rand.NewPCG(uint64(c.Seed), h.Sum64())), orders: orders, workload: c.Workload, consumer: c.Consumer}
}

func (d *specDrawer) next() Spec {
	seed := 1 + d.rng.Int64N(999_999_999)
	lifecycle := d.rng.IntN(3) == 0 // drawn whatever the workload, so runs stay the same
	switch d.workload {
	case "lifecycle":
		lifecycle = true
	case "mixed":
	default:
		lifecycle = false
	}
	return Spec{Strategy: d.s, Seed: seed, Orders: d.orders, Lifecycle: lifecycle, Consumer: d.consumer,
		Faults: RandomFaults(rand.New(rand.NewPCG(uint64(seed), 99)), d.s)}
}

// chaosJob is one run of a campaign: its strategy's result and its index.
type chaosJob struct {
	res  int
	spec Spec
	idx  int
}

// Run runs the campaign, as many runs at once as c.Parallel says, and returns
// one result per strategy, in the order given. Only a done ctx is an error;
// then the results hold the runs finished so far. A run the lab failed is
// counted in its result.
func (c *Chaos) Run(ctx context.Context) ([]ChaosResult, error) {
	keep := c.Keep
	if keep < 1 {
		keep = 3
	}
	results := make([]ChaosResult, len(c.Strategies))
	for si, s := range c.Strategies {
		results[si] = ChaosResult{Strategy: s.ID, Runs: c.Runs, First: map[check.Kind]*Witness{},
			keep: keep, witnesses: map[check.Kind][]Witness{}}
	}
	si, i := 0, 0
	var d *specDrawer
	next := func() (chaosJob, bool) {
		for si < len(c.Strategies) && i == c.Runs {
			si, i, d = si+1, 0, nil
		}
		if si == len(c.Strategies) {
			return chaosJob{}, false
		}
		if d == nil {
			d = c.drawer(c.Strategies[si])
		}
		i++
		return chaosJob{si, d.next(), i - 1}, true
	}
	// One broker for the campaign, a fresh one every brokerRuns runs: the
	// runs that can share it do, each under names of its own (see
	// Spec.Config). Without one each run starts its own, which is slower and
	// judged the same.
	every := c.brokerRuns
	if every < 1 {
		every = brokerRuns
	}
	brokers := newCampaignBroker(every)
	defer brokers.close()
	var mu sync.Mutex
	eachOf(ctx, c.Parallel, next, func(j chaosJob) {
		sp := j.spec
		sp.Broker = c.Broker
		if c.Broker == nil && sp.canShareBroker() {
			sp.Broker = brokers.take()
			defer brokers.done(sp.Broker)
		}
		rep, err := Run(ctx, sp.Config())
		if ctx.Err() != nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		res := &results[j.res]
		res.add(j.idx, j.spec, rep, err)
		if c.Progress != nil {
			c.Progress(*res)
		}
	})
	return results, ctx.Err()
}

func (res *ChaosResult) add(idx int, sp Spec, rep *lab.Report, err error) {
	res.Done++
	if err != nil {
		res.Failed++
		if res.FirstFailed == nil || idx+1 < res.FirstFailed.Run {
			res.FirstError = err.Error()
			res.FirstFailed = &Witness{Run: idx + 1, Seed: sp.Seed, Faults: sp.FaultSpecs(), Orders: sp.Orders,
				Workload: workload(sp.Lifecycle), Command: sp.Command(), spec: sp}
		}
		return
	}
	a := rep.Anomalies
	for _, k := range Kinds {
		n := Count(a, k)
		if n == 0 {
			continue
		}
		res.witness(k, Witness{Run: idx + 1, Seed: sp.Seed, Faults: sp.FaultSpecs(),
			Orders: sp.Orders, Workload: workload(sp.Lifecycle), Count: n, Command: sp.Command(), spec: sp})
	}
	res.RunsWith.Lost += min(a.Lost, 1)
	res.RunsWith.Ghost += min(a.Ghost, 1)
	res.RunsWith.Duplicate += min(a.Duplicate, 1)
	res.RunsWith.Reordered += min(a.Reordered, 1)
	res.Anomalies.Lost += a.Lost
	res.Anomalies.Ghost += a.Ghost
	res.Anomalies.Duplicate += a.Duplicate
	res.Anomalies.Reordered += a.Reordered
	if !rep.Consistent {
		res.Inconsistent++
	}
	if len(rep.Ambiguous) > 0 {
		res.Ambiguous++
	}
	res.Deduplicated += rep.Deduplicated
	if rep.BlockedMs != nil && *rep.BlockedMs > 0 {
		res.Blocked++
	}
	if !rep.Settled {
		res.Unsettled++
	}
}

// witness keeps w if it is among the earliest res.keep runs that showed k,
// since runs finish in any order, and names the earliest the first.
func (res *ChaosResult) witness(k check.Kind, w Witness) {
	ws := append(res.witnesses[k], w)
	slicesSortByRun(ws)
	if len(ws) > max(res.keep, 1) {
		ws = ws[:max(res.keep, 1)]
	}
	res.witnesses[k] = ws
	first := ws[0]
	res.First[k] = &first
}

// Reproduce makes the run of each witness in First again, as `dualwrite run`
// makes it, and checks that it shows its anomaly again. A run is the same
// from its seed; should the first run that showed a kind not show it again
// (a lab that regressed, or a run cut short), the next ones are tried, up to
// tries in all, and the first that reproduces becomes the witness. Checks run side by side.
// Only a done ctx is an error.
func Reproduce(ctx context.Context, results []ChaosResult, tries int) error {
	type probe struct {
		res  *ChaosResult
		kind check.Kind
	}
	var checks []probe
	for i := range results {
		for _, k := range Kinds {
			if results[i].First[k] != nil {
				checks = append(checks, probe{&results[i], k})
			}
		}
	}
	var mu sync.Mutex
	each(ctx, len(checks), 0, func(i int) {
		c := checks[i]
		ws := c.res.witnesses[c.kind]
		for _, w := range ws[:min(tries, len(ws))] {
			// A run the lab fails to make again does not reproduce.
			rep, err := Run(ctx, w.spec.Config())
			ok := err == nil && Count(rep.Anomalies, c.kind) > 0
			mu.Lock()
			w.Reproduced = &ok
			if first := c.res.First[c.kind]; ok && first.Run != w.Run {
				w.Instead = first.Run
			}
			if ok || c.res.First[c.kind].Reproduced == nil {
				c.res.First[c.kind] = &w
			}
			mu.Unlock()
			if ok {
				return
			}
		}
	})
	return ctx.Err()
}

func slicesSortByRun(ws []Witness) {
	slices.SortFunc(ws, func(a, b Witness) int { return a.Run - b.Run })
}

func workload(lifecycle bool) string {
	if lifecycle {
		return "lifecycle"
	}
	return "place"
}
