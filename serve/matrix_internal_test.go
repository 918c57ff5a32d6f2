package serve

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/scenarios"
)

// firstCells runs the catalog's first k cells for real, one at a time, as
// a matrix would; ran counts the runs made.
func firstCells(k int, ran *atomic.Int64) func(ctx context.Context, parallel int) <-chan scenarios.Cell {
	return func(ctx context.Context, _ int) <-chan scenarios.Cell {
		out := make(chan scenarios.Cell)
		go func() {
			defer close(out)
			for _, c := range scenarios.Cells()[:k] {
				if ctx.Err() != nil {
					return
				}
				c = scenarios.RunCell(ctx, c)
				ran.Add(1)
				select {
				case out <- c:
				case <-ctx.Done():
					return
				}
			}
		}()
		return out
	}
}

// receive takes every cell of a feed, failing the test after a bound.
func receive(t *testing.T, ch <-chan scenarios.Cell) []scenarios.Cell {
	t.Helper()
	var got []scenarios.Cell
	deadline := time.After(60 * time.Second)
	for {
		select {
		case c, ok := <-ch:
			if !ok {
				return got
			}
			got = append(got, c)
		case <-deadline:
			t.Fatalf("the feed was not closed within 60s (%d cells)", len(got))
		}
	}
}

func newTestMatrices(t *testing.T, k int, ran *atomic.Int64) *matrices {
	ms := newMatrices()
	ms.run = firstCells(k, ran)
	t.Cleanup(ms.close)
	return ms
}

// A session that opens the matrix while it runs is sent the cells judged
// so far, then the rest as they come: the same runs as the first one's.
func TestLateWatcherGetsTheSameRuns(t *testing.T) {
	var ran atomic.Int64
	ms := newTestMatrices(t, 4, &ran)
	first := ms.Matrix(context.Background())
	c0 := <-first.Cells
	second := ms.Matrix(context.Background())
	a := append([]scenarios.Cell{c0}, receive(t, first.Cells)...)
	b := receive(t, second.Cells)
	if len(a) != 4 || len(b) != 4 {
		t.Fatalf("the watchers got %d and %d cells, want 4 each", len(a), len(b))
	}
	for i := range a {
		if a[i].Report != b[i].Report {
			t.Errorf("cell %d: the watchers were sent different runs", i)
		}
	}
	if n := ms.started.Load(); n != 1 || ran.Load() != 4 {
		t.Errorf("%d matrices, %d runs for two watchers; want 1 matrix of 4 runs", n, ran.Load())
	}
	if first.Elapsed() != second.Elapsed() {
		t.Errorf("the watchers are told different times: %s, %s", first.Elapsed(), second.Elapsed())
	}
}

// A matrix everybody left before it filled stops its runs and is
// forgotten: the next session to open it runs it again, whole.
func TestAbandonedMatrixStops(t *testing.T) {
	const k = 12
	var ran atomic.Int64
	ms := newTestMatrices(t, k, &ran)
	ctx, cancel := context.WithCancel(context.Background())
	f := ms.Matrix(ctx)
	<-f.Cells
	cancel()
	receive(t, f.Cells)
	ms.mu.Lock()
	kept := len(ms.kept)
	ms.mu.Unlock()
	if kept != 0 {
		t.Errorf("an abandoned matrix is kept")
	}
	// Its runs stop: close waits for them.
	ms.waitRuns(t)
	if n := ran.Load(); n >= k {
		t.Errorf("an abandoned matrix ran all its %d cells", n)
	}
}

// waitRuns waits for the matrices' runs without stopping the room:
// the ones nobody watches have been stopped already.
func (ms *matrices) waitRuns(t *testing.T) {
	t.Helper()
	done := make(chan struct{})
	go func() { ms.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the runs of an abandoned matrix did not stop within 60s")
	}
}

// The room keeps at most maxMatrices filled matrices: a new one pushes out
// the one used longest ago.
func TestRoomKeepsFewMatrices(t *testing.T) {
	var ran atomic.Int64
	ms := newTestMatrices(t, 1, &ran)
	open := func(key string) {
		receive(t, ms.watch(context.Background(), key).Cells)
	}
	for i := range maxMatrices + 1 {
		open(fmt.Sprint("settings ", i))
	}
	ms.mu.Lock()
	kept := len(ms.kept)
	ms.mu.Unlock()
	if kept != maxMatrices {
		t.Errorf("the room keeps %d matrices, want %d", kept, maxMatrices)
	}
	open(fmt.Sprint("settings ", maxMatrices)) // the newest: kept
	if n := ms.started.Load(); n != maxMatrices+1 {
		t.Errorf("a kept matrix ran again: %d matrices, want %d", n, maxMatrices+1)
	}
	open("settings 0") // the oldest: pushed out, so run again
	if n := ms.started.Load(); n != maxMatrices+2 {
		t.Errorf("%d matrices, want %d: the oldest was not pushed out", n, maxMatrices+2)
	}
}
