package scenarios

import (
	"context"
	"runtime"
	"sync"
)

// Parallelism is how many runs go at once by default: four per core. A run is
// stepped, one actor at a time, but most of its wall time is waiting (for the
// embedded server to start, a restarted worker, a redelivery), not computing:
// measured on two cores, a chaos run took about 45ms of wall time and 15ms of
// CPU, and 1,000 runs took 67s two at a time, 36s four at a time and 23s
// eight at a time, with the same verdicts.
func Parallelism() int { return 4 * runtime.NumCPU() }

// each calls fn(i) for i in [0, n), at most parallel at a time
// (Parallelism() when parallel < 1), and stops handing out work once ctx is
// done.
func each(ctx context.Context, n, parallel int, fn func(i int)) {
	if parallel < 1 {
		parallel = Parallelism()
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(parallel, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
}
