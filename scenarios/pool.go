package scenarios

import (
	"context"
	"runtime"
	"sync"
)

// each calls fn(i) for i in [0, n), at most parallel at a time (NumCPU when
// parallel < 1), and stops handing out work once ctx is done. A run is
// stepped, one actor at a time, so it keeps about one core busy: runs side by
// side are what uses the machine.
func each(ctx context.Context, n, parallel int, fn func(i int)) {
	if parallel < 1 {
		parallel = runtime.NumCPU()
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
