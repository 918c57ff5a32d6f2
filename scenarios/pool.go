package scenarios

import (
	"context"
	"runtime"
	"sync"
)

// Parallelism is how many runs go at once by default: two per core. Time in
// a run is virtual, so a run no longer waits for anything but its own work
// (SQLite, JetStream), and more runs at once only add memory: measured on
// two cores, 200 chaos runs of outbox-dedup took about the same time two,
// four or eight at a time, eight being the slowest, at a quarter more
// memory than four.
func Parallelism() int { return 2 * runtime.NumCPU() }

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

// eachOf calls fn for every job next hands out, at most parallel at a time
// (Parallelism() when parallel < 1), drawing a job only when a worker is free,
// and stops handing out work once ctx is done.
func eachOf[T any](ctx context.Context, parallel int, next func() (T, bool), fn func(T)) {
	if parallel < 1 {
		parallel = Parallelism()
	}
	jobs := make(chan T)
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				fn(j)
			}
		}()
	}
	for ctx.Err() == nil {
		j, ok := next()
		if !ok {
			break
		}
		select {
		case jobs <- j:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
}
