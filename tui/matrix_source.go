package tui

import (
	"context"
	"time"

	"github.com/dualwrite/dualwrite/scenarios"
)

// MatrixSource supplies the judged cells of the comparison matrix in place
// of a UI's own runs of it: dualwrite serve runs each matrix once for the
// whole room, and every session shows the cells of those same runs.
type MatrixSource interface {
	// Matrix sends the judged cells of the catalog's matrix: those judged
	// already at once, then each as its run is judged. The channel is
	// closed once every cell is sent, or early once ctx is done. The runs
	// are the source's: it closes them and removes their files, whoever
	// watches them.
	Matrix(ctx context.Context) MatrixFeed
}

// MatrixFeed is one matrix as its source runs it.
type MatrixFeed struct {
	Cells <-chan scenarios.Cell
	// Parallel is how many of its runs go at once.
	Parallel int
	// Elapsed is how long its runs took: so far, or in all once every cell
	// is judged.
	Elapsed func() time.Duration
}

// startMatrixFrom is startMatrixAt, or the source's matrix when there is a
// source: then parallel is the source's to decide.
func startMatrixFrom(parent context.Context, parallel int, src MatrixSource) *matrixRun {
	if src == nil {
		return startMatrixAt(parent, parallel)
	}
	matrixRuns.mu.Lock()
	matrixRuns.n++
	id := matrixRuns.n
	matrixRuns.mu.Unlock()
	ctx, cancel := context.WithCancel(parent)
	f := src.Matrix(ctx)
	return &matrixRun{id: id, ch: f.Cells, ctx: ctx, cancel: cancel, parallel: f.Parallel, took: f.Elapsed, room: true}
}
