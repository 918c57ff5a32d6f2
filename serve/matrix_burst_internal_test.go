package serve

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// A session that opens a matrix already judged finds every judged cell
// waiting in its feed at once, without taking one first: its UI takes them
// all in one change of the screen, not one per cell.
func TestJudgedCellsWaitInTheFeedAtOnce(t *testing.T) {
	var ran atomic.Int64
	ms := newTestMatrices(t, 3, &ran)
	receive(t, ms.Matrix(context.Background()).Cells)
	late := ms.Matrix(context.Background())
	deadline := time.Now().Add(10 * time.Second)
	for len(late.Cells) < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("%d of the 3 judged cells wait in a new feed, want all", len(late.Cells))
		}
		time.Sleep(time.Millisecond)
	}
	if got := receive(t, late.Cells); len(got) != 3 || ran.Load() != 3 {
		t.Fatalf("the late feed had %d cells of %d runs, want 3 of 3", len(got), ran.Load())
	}
}
