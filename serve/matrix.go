package serve

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/tui"
)

// maxMatrices bounds the matrices a room keeps: each is some sixty judged
// runs with their reports.
const maxMatrices = 4

// matrices runs each comparison matrix once for the whole room, and every
// session that opens it is sent the cells of those runs: the same runs with
// the same seeds a session would make itself, so thirty students cost one
// matrix, not thirty. A matrix is kept, by the settings of its runs, until
// maxMatrices newer ones push it out; one nobody watches any more before it
// is filled is stopped and forgotten, as a session's own would be.
type matrices struct {
	ctx    context.Context // the server's: its end stops every run
	cancel context.CancelFunc
	wg     sync.WaitGroup // the matrices' runs
	// run runs one matrix: scenarios.Matrix.
	run func(ctx context.Context, parallel int) <-chan scenarios.Cell
	// started counts the matrices run, going those whose runs are not all
	// closed yet: for the tests.
	started, going atomic.Int64

	mu   sync.Mutex
	kept []*sharedMatrix // oldest use first
}

// sharedMatrix is one matrix's runs and the cells judged so far.
type sharedMatrix struct {
	key      string
	cancel   context.CancelFunc
	parallel int
	began    time.Time

	// Under matrices.mu:
	cells    []scenarios.Cell // in the order they were judged
	watchers int
	over     bool          // its channel is closed: every cell judged, or stopped
	filled   bool          // every cell judged
	took     time.Duration // once over
	grew     chan struct{} // closed at the next cell, or when it is over
}

var _ tui.MatrixSource = (*matrices)(nil)

func newMatrices() *matrices {
	ctx, cancel := context.WithCancel(context.Background())
	return &matrices{ctx: ctx, cancel: cancel, run: scenarios.Matrix}
}

// matrixKey names what a matrix runs: every cell's strategy, faults,
// workload and seed. Two sessions share a matrix exactly when they would
// make the same runs. How many go at once is not part of it: time in a run
// is the lab's own, so a run's verdict does not depend on its neighbours.
func matrixKey() string {
	var b strings.Builder
	for _, c := range scenarios.Cells() {
		sp, err := c.Spec()
		if err != nil {
			fmt.Fprintf(&b, "%s %q: %v\n", c.Strategy.ID, c.Expect.Faults, err)
			continue
		}
		fmt.Fprintf(&b, "%s %q seed=%d orders=%d lifecycle=%v consumer=%s retry=%d key=%v maxdeliver=%d consumers=%d partitions=%d want=%+v\n",
			c.Strategy.ID, c.Expect.Faults, sp.Seed, sp.Orders, sp.Lifecycle, sp.Consumer, sp.Retry, sp.IdempotencyKey,
			sp.MaxDeliver, sp.Consumers, sp.Partitions, c.Expect.Want)
	}
	return b.String()
}

// Matrix is the room's matrix: the one running or kept, or a new one.
func (ms *matrices) Matrix(ctx context.Context) tui.MatrixFeed {
	return ms.watch(ctx, matrixKey())
}

func (ms *matrices) watch(ctx context.Context, key string) tui.MatrixFeed {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	sm := ms.find(key)
	if sm == nil {
		sm = ms.start(key)
	}
	sm.watchers++
	// Room for every cell: the judged ones wait there at once, and a
	// session takes them in one change of its screen, not one per cell.
	out := make(chan scenarios.Cell, len(scenarios.Cells()))
	go ms.send(ctx, sm, out)
	return tui.MatrixFeed{Cells: out, Parallel: sm.parallel, Elapsed: func() time.Duration { return ms.elapsed(sm) }}
}

// find is the kept matrix of key, moved to the newest. Caller holds ms.mu.
func (ms *matrices) find(key string) *sharedMatrix {
	for i, sm := range ms.kept {
		if sm.key == key {
			ms.kept = append(append(ms.kept[:i:i], ms.kept[i+1:]...), sm)
			return sm
		}
	}
	return nil
}

// start runs a new matrix, pushing out the oldest filled one when the room
// keeps maxMatrices. One still running is never pushed out: its watchers
// share it, and the room runs no more matrices at once than sessions watch.
// Caller holds ms.mu.
func (ms *matrices) start(key string) *sharedMatrix {
	if len(ms.kept) >= maxMatrices {
		for i, old := range ms.kept {
			if old.filled {
				ms.kept = append(ms.kept[:i:i], ms.kept[i+1:]...)
				break
			}
		}
	}
	ctx, cancel := context.WithCancel(ms.ctx)
	sm := &sharedMatrix{key: key, cancel: cancel, parallel: scenarios.Parallelism(), began: time.Now(), grew: make(chan struct{})}
	ms.kept = append(ms.kept, sm)
	ms.started.Add(1)
	ch := ms.run(ctx, sm.parallel)
	ms.wg.Add(1)
	ms.going.Add(1)
	go func() {
		defer ms.wg.Done()
		defer ms.going.Add(-1)
		defer cancel()
		for c := range ch {
			ms.mu.Lock()
			sm.cells = append(sm.cells, c)
			close(sm.grew)
			sm.grew = make(chan struct{})
			ms.mu.Unlock()
		}
		ms.mu.Lock()
		defer ms.mu.Unlock()
		sm.over, sm.took = true, time.Since(sm.began)
		sm.filled = ctx.Err() == nil // a matrix's channel closes early only once its ctx is done
		if !sm.filled {
			ms.forget(sm) // stopped: the next session to open it runs it again
		}
		close(sm.grew)
	}()
	return sm
}

// send sends a watcher every cell of sm, the judged ones first, until all
// are sent or ctx is done.
func (ms *matrices) send(ctx context.Context, sm *sharedMatrix, out chan<- scenarios.Cell) {
	defer close(out)
	defer ms.leave(sm)
	for i := 0; ; {
		ms.mu.Lock()
		n, over, grew := len(sm.cells), sm.over, sm.grew
		var c scenarios.Cell
		if i < n {
			c = sm.cells[i]
		}
		ms.mu.Unlock()
		switch {
		case i < n:
			select {
			case out <- c:
				i++
			case <-ctx.Done():
				return
			}
		case over:
			return
		default:
			select {
			case <-grew:
			case <-ctx.Done():
				return
			}
		}
	}
}

// leave counts a watcher out; a matrix nobody watches before it is filled
// is stopped, as a session's own is when it leaves it.
func (ms *matrices) leave(sm *sharedMatrix) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	sm.watchers--
	if sm.watchers == 0 && !sm.over {
		sm.cancel()
		ms.forget(sm)
	}
}

// forget drops sm from the kept ones. Caller holds ms.mu.
func (ms *matrices) forget(sm *sharedMatrix) {
	for i, k := range ms.kept {
		if k == sm {
			ms.kept = append(ms.kept[:i:i], ms.kept[i+1:]...)
			return
		}
	}
}

func (ms *matrices) elapsed(sm *sharedMatrix) time.Duration {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if sm.over {
		return sm.took
	}
	return time.Since(sm.began)
}

// close stops every matrix's runs and waits until each is closed and its
// files removed.
func (ms *matrices) close() {
	ms.cancel()
	ms.wg.Wait()
}
