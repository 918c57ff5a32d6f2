package tui

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/scenarios"
)

// handMatrix is a room's matrix judged by the test's hand, cell by cell:
// every session that opens it is sent the cells judged so far, then each
// as it is judged, as serve's is. dualwrite serve's own, with real runs, is
// tested over SSH in serve.
type handMatrix struct {
	mu    sync.Mutex
	cells []scenarios.Cell
	outs  map[chan scenarios.Cell]bool // open ones
	ended bool
}

var _ MatrixSource = (*handMatrix)(nil)

func (hm *handMatrix) Matrix(ctx context.Context) MatrixFeed {
	hm.mu.Lock()
	defer hm.mu.Unlock()
	if hm.outs == nil {
		hm.outs = map[chan scenarios.Cell]bool{}
	}
	out := make(chan scenarios.Cell, len(scenarios.Cells()))
	for _, c := range hm.cells {
		out <- c
	}
	if hm.ended {
		close(out)
	} else {
		hm.outs[out] = true
		context.AfterFunc(ctx, func() { hm.close(out) })
	}
	return MatrixFeed{Cells: out, Parallel: 2, Elapsed: func() time.Duration { return 1500 * time.Millisecond }}
}

func (hm *handMatrix) close(out chan scenarios.Cell) {
	hm.mu.Lock()
	defer hm.mu.Unlock()
	if hm.outs[out] {
		delete(hm.outs, out)
		close(out)
	}
}

// judge sends cells to every session watching.
func (hm *handMatrix) judge(cells ...scenarios.Cell) {
	hm.mu.Lock()
	defer hm.mu.Unlock()
	hm.cells = append(hm.cells, cells...)
	for out := range hm.outs {
		for _, c := range cells {
			out <- c
		}
	}
}

// end closes the matrix: every cell judged.
func (hm *handMatrix) end() {
	hm.mu.Lock()
	defer hm.mu.Unlock()
	hm.ended = true
	for out := range hm.outs {
		close(out)
	}
	hm.outs = nil
}

// With the room's matrix there is nothing to wait for: a follower watches
// it fill, as the presenter does, is told whose it is and how far it is,
// and their cursor follows the presenter's, on filled cells and on one
// still running.
func TestFollowerWatchesTheRoomsMatrixFill(t *testing.T) {
	src := &handMatrix{}
	x := follower{
		p: newHarness(t, Options{Base: baseConfig(), Room: presenterRoom{}, Matrix: src}, 120, 35),
		f: newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}, Matrix: src}, 120, 35),
	}
	p, f := x.p, x.f
	f.send(RoomMsg{Connected: 1, Presenters: 1, Following: 1})
	cells := judged()
	src.judge(cells[:3]...)
	p.press("m")
	p.until("3 cells on the presenter's matrix", func() bool { return p.m.matrix.filled == 3 })
	x.cued()
	if f.m.state != stateMatrix || f.m.matrix == nil {
		t.Fatalf("the follower is on %v while the room's matrix fills", f.m.state)
	}
	f.until("3 cells on the follower's matrix", func() bool { return f.m.matrix.filled == 3 })
	if turn := f.m.matrix.spin.Spinner.FPS; turn != roomSpinTurn {
		t.Fatalf("the room's matrix turns its spinner every %s, want %s", turn, roomSpinTurn)
	}
	f.contains("following the presenter ·", fmt.Sprintf("the room's matrix, filling: 3 of %d", len(cells)), "running · 3 of")
	f.lacks("whose matrix is filling", "yours starts after it")

	src.judge(cells[3:20]...)
	p.until("20 cells on the presenter's matrix", func() bool { return p.m.matrix.filled == 20 })
	p.press("right", "down")
	x.cued()
	if f.m.matrix.cell() != p.m.matrix.cell() {
		t.Fatalf("the follower's cursor is on %+v, the presenter's on %+v", f.m.matrix.cell(), p.m.matrix.cell())
	}
	f.until("20 cells on the follower's matrix", func() bool { return f.m.matrix.filled == 20 })
	f.contains(fmt.Sprintf("the room's matrix, filling: 20 of %d", len(cells)))

	src.judge(cells[20:]...)
	src.end()
	p.until("the presenter's matrix filled", func() bool { return p.m.matrix.finished })
	x.cued()
	f.until("the follower's matrix filled", func() bool { return f.m.matrix.finished })
	f.contains(fmt.Sprintf("the room's matrix: %d of %d done in 1.5s", len(cells), len(cells)), "up to 2 at once")
	if f.m.matrix.filled != len(cells) || f.m.matrix.cell() != p.m.matrix.cell() {
		t.Fatalf("the follower's matrix has %d cells, cursor on %+v; the presenter's on %+v", f.m.matrix.filled, f.m.matrix.cell(), p.m.matrix.cell())
	}
}

// A follower who joins while the presenter is in a cell opened from the
// room's matrix still filling gets that matrix behind the cell: esc with the
// presenter comes back to it, not to the home screen.
func TestLateFollowerGetsTheRoomsMatrixFilling(t *testing.T) {
	src := &handMatrix{}
	t.Cleanup(src.end)
	cells := judged()
	src.judge(cells[:10]...)
	p := newHarness(t, Options{Base: baseConfig(), Room: presenterRoom{}, Matrix: src}, 120, 35)
	p.press("m")
	p.until("10 cells on the presenter's matrix", func() bool { return p.m.matrix.filled == 10 })
	p.press("enter")
	p.idle()
	c := p.m.cueNow()
	if !c.Matrix || c.MatrixFilled || c.Strategy == "" {
		t.Fatalf("the presenter's cue in a cell of the matrix filling: %+v", c)
	}
	g := newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}, Matrix: src}, 120, 35)
	g.send(CueMsg(c))
	g.until("the cell", func() bool { return g.m.run != nil && g.m.run.loaded && !g.m.run.busy })
	if g.m.matrix == nil || g.m.runFrom != stateMatrix || g.m.matrix.cell() != c.Cell {
		t.Fatalf("the late follower's cell has no room's matrix behind it (from %v)", g.m.runFrom)
	}
}
