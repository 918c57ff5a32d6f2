package scenarios

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/dualwrite/dualwrite/faults"
)

// RandomFaults draws one or two faults over the strategy's points (the
// consumer's included), each with an action valid at its point and a term of
// every shape the grammar has: always, N times, or P% of the times. Durations
// stay short so that a campaign of many runs stays quick.
func RandomFaults(rng *rand.Rand, s Strategy) []faults.Fault {
	points := s.AllPoints()
	var out []faults.Fault
	for range 1 + rng.IntN(2) {
		p := points[rng.IntN(len(points))]
		// Poison is left out: without --max-deliver it blocks the stream
		// for good, a lesson of its own (docs/poison.md), not a campaign's.
		acts := slices.DeleteFunc(p.Kind.Actions(), func(a faults.Action) bool { return a == faults.Poison })
		t := faults.Term{Action: acts[rng.IntN(len(acts))]}
		switch t.Action {
		case faults.Delay:
			t.Arg = time.Duration(1+rng.IntN(20)) * time.Millisecond
		case faults.BrokerDown:
			t.Arg = time.Duration(20+rng.IntN(130)) * time.Millisecond
		}
		switch rng.IntN(10) {
		case 0:
		case 1, 2, 3, 4, 5:
			t.Count = 1 + rng.IntN(3)
		default:
			t.Percent = float64(10 + 10*rng.IntN(5))
		}
		out = append(out, faults.Fault{Point: p.Name, Chain: faults.Chain{t}})
	}
	return out
}
