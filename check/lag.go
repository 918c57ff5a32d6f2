package check

import (
	"math"
	"slices"
	"time"
)

// lag measures, per order, from the commit of its first change to the first
// delivery downstream applied. Under publish-first the delivery can come before
// the commit, and the lag is then honestly negative.
func lag(all []*order) Lag {
	var ms []float64
	for _, o := range all {
		if len(o.changes) == 0 || len(o.applied) == 0 {
			continue
		}
		d := o.applied[0].At - o.changes[0].At
		ms = append(ms, float64(d)/float64(time.Millisecond))
	}
	slices.Sort(ms)
	return Lag{P50: nearestRank(ms, 50), P99: nearestRank(ms, 99), Samples: len(ms)}
}

// nearestRank is the p-th percentile of sorted samples by the nearest-rank
// method: always one of the samples, never an interpolation.
func nearestRank(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p * float64(n) / 100))
	return sorted[min(max(rank, 1), n)-1]
}
