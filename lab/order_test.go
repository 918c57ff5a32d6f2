package lab

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// eagerWorkload is the workload as it was built before it became a
// generator: the generator must yield exactly these requests for a seed.
func eagerWorkload(rng *rand.Rand, n int, lifecycle bool) []Request {
	var reqs []Request
	for i := 1; i <= n; i++ {
		reqs = append(reqs, Request{Op: Place, Ref: fmt.Sprintf("r-%d", i),
			Item: items[rng.IntN(len(items))], Amount: 500 + 100*rng.IntN(200)})
	}
	if !lifecycle {
		return reqs
	}
	for i := 1; i <= n; i++ {
		ref := fmt.Sprintf("r-%d", i)
		switch rng.IntN(4) {
		case 0, 1:
			reqs = append(reqs, Request{Op: Pay, Ref: ref})
		case 2:
			reqs = append(reqs, Request{Op: Cancel, Ref: ref})
		}
	}
	return reqs
}

func TestWorkloadSameForASeed(t *testing.T) {
	for seed := range uint64(20) {
		for _, lifecycle := range []bool{false, true} {
			want := eagerWorkload(rand.New(rand.NewPCG(seed, 7)), 50, lifecycle)
			got := slices.Collect(workload(rand.New(rand.NewPCG(seed, 7)), 50, lifecycle))
			if !slices.Equal(got, want) {
				t.Fatalf("seed %d lifecycle %v: the generator yields other requests", seed, lifecycle)
			}
		}
	}
}

// The workload is made as it is consumed: the first request of a million
// orders costs no more than that of three.
func TestWorkloadIsLazy(t *testing.T) {
	allocs := testing.AllocsPerRun(10, func() {
		for req := range workload(rand.New(rand.NewPCG(1, 7)), 1_000_000, true) {
			_ = req
			break
		}
	})
	if allocs > 10 {
		t.Errorf("%v allocations for the first request: the workload is built ahead", allocs)
	}
}
