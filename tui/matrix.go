package tui

import (
	"context"
	"fmt"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/scenarios"
)

// matrixRun is one pass of scenarios.Matrix: its runs, their context, and
// the channel the judged cells come on. It is done when the channel is
// closed: every run of it is closed then, and its files are gone.
type matrixRun struct {
	id     int
	ch     <-chan scenarios.Cell
	ctx    context.Context // the runs'; done once the matrix is left
	cancel context.CancelFunc
	// parallel is how many of its runs go at once.
	parallel int
	// took, when set, is how long its runs took (a MatrixSource's): a
	// matrix run once for a room took that long, whenever a session shows it.
	took func() time.Duration
	// room: its runs are the room's, made once and watched by every
	// session in it (a MatrixSource's).
	room bool
}

var matrixRuns struct {
	mu sync.Mutex
	n  int
}

// startMatrixAt runs the matrix up to parallel cells at once (0: the
// default).
func startMatrixAt(parent context.Context, parallel int) *matrixRun {
	matrixRuns.mu.Lock()
	matrixRuns.n++
	id := matrixRuns.n
	matrixRuns.mu.Unlock()
	ctx, cancel := context.WithCancel(parent)
	if parallel < 1 {
		parallel = scenarios.Parallelism()
	}
	return &matrixRun{id: id, ch: scenarios.Matrix(ctx, parallel), ctx: ctx, cancel: cancel, parallel: parallel}
}

// atOnce says how the runs went: "up to 4 at once", or "one at a time".
func (mr *matrixRun) atOnce() string {
	if mr.parallel == 1 {
		return "one at a time"
	}
	return fmt.Sprintf("up to %d at once", mr.parallel)
}

// drain cancels the runs still going and waits until the last one is
// closed. It is safe to call from several goroutines.
func (mr *matrixRun) drain() {
	mr.cancel()
	for range mr.ch {
	}
}

// matrixScreen is the matrix of `dualwrite compare`, filled in live as the
// runs finish: a row per strategy in catalog order, a column per kind of
// fault, each cell the measured outcome over the expected one.
type matrixScreen struct {
	mr    *matrixRun
	cells []scenarios.Cell // in catalog order; judged where done
	done  []bool
	at    map[[2]int]int // (Row, Col) of a cell → its index in cells
	slot  map[[3]int]int // (Row, column, k) → the index of the k-th cell of a strategy in a column
	cols  []string
	col   []int // each cell's column
	line  []int // each cell's line of the matrix: a strategy has one per cell stacked in a column
	rows  []matrixRow
	lines int

	cur       int // the cell under the cursor
	top, left int // the first line and column on show

	filled, differ, failed int
	started                time.Time
	elapsed                time.Duration
	finished               bool // the channel is closed: all done, or stopped
	notice                 string
	spin                   spinner.Model

	pending []scenarios.Cell // judged, taken from the channel, filled in at the spinner's next turn
	rev     int              // counts the changes of the cells' state: a fill, the finish
	drawn   *matrixDrawing   // the screen as last drawn, kept until it changes
	draws   int              // how many times it was drawn: for the tests
	// drawEachTime keeps no drawing: the tests draw a screen both ways
	// and compare.
	drawEachTime bool

	cellRev   []int             // each cell's fills: a key of its kept lines
	cellDrawn []matrixCellDrawn // each cell as last drawn
	cellDraws int               // how many cells were drawn: for the tests
	// asideWidth is the widest mark of the columns out of sight.
	asideWidth int
}

type matrixRow struct {
	id          string
	first, size int // its lines of the matrix
}

func newMatrixScreen(mr *matrixRun) *matrixScreen {
	x := &matrixScreen{mr: mr, cells: scenarios.Cells(), at: map[[2]int]int{}, started: time.Now(),
		spin: spinner.New(spinner.WithSpinner(spinner.MiniDot))}
	if mr.room {
		x.spin.Spinner.FPS = roomSpinTurn
	}
	x.done = make([]bool, len(x.cells))
	x.col = make([]int, len(x.cells))
	x.line = make([]int, len(x.cells))
	x.cellRev = make([]int, len(x.cells))
	x.cellDrawn = make([]matrixCellDrawn, len(x.cells))
	// Columns as compare orders them: the fault-free ones first, then in
	// order of first appearance.
	colOf := map[string]int{}
	for _, faultFree := range []bool{true, false} {
		for _, c := range x.cells {
			name := c.Expect.Column()
			if _, ok := colOf[name]; !ok && c.Expect.Leads() == faultFree {
				colOf[name] = len(x.cols)
				x.cols = append(x.cols, name)
			}
		}
	}
	stacked := map[[2]int]int{} // (strategy, column) → cells so far
	size := map[int]int{}
	for i, c := range x.cells {
		x.at[[2]int{c.Row, c.Col}] = i
		x.col[i] = colOf[c.Expect.Column()]
		k := stacked[[2]int{c.Row, x.col[i]}]
		stacked[[2]int{c.Row, x.col[i]}]++
		x.line[i] = k // the offset in its row for now
		size[c.Row] = max(size[c.Row], k+1)
	}
	for r, s := range scenarios.All() {
		n := max(size[r], 1)
		x.rows = append(x.rows, matrixRow{id: s.ID, first: x.lines, size: n})
		x.lines += n
	}
	x.asideWidth = widestAside(len(x.cols))
	x.slot = map[[3]int]int{}
	for i, c := range x.cells {
		x.slot[[3]int{c.Row, x.col[i], x.line[i]}] = i
		x.line[i] += x.rows[c.Row].first
	}
	return x
}

// fill fills in a judged cell.
func (x *matrixScreen) fill(c scenarios.Cell) {
	i, ok := x.at[[2]int{c.Row, c.Col}]
	if !ok || x.done[i] {
		return
	}
	x.cells[i], x.done[i] = c, true
	x.filled++
	x.rev++
	x.cellRev[i]++
	switch {
	case c.Err != nil:
		x.failed++
	case c.Mismatch != "":
		x.differ++
	}
}

func (x *matrixScreen) finish() {
	x.fillPending()
	x.finished = true
	x.rev++
	x.elapsed = time.Since(x.started)
	if x.mr.took != nil {
		x.elapsed = x.mr.took()
	}
}

func (x *matrixScreen) update(msg tea.Msg) tea.Cmd {
	if t, ok := msg.(spinner.TickMsg); ok && !x.finished {
		if t.ID == x.spin.ID() {
			x.fillPending()
		}
		var cmd tea.Cmd
		x.spin, cmd = x.spin.Update(t)
		return cmd
	}
	return nil
}

// key moves the cursor between filled cells, and returns the index of the
// cell to open on enter, or -1.
func (x *matrixScreen) key(k keyMap, msg tea.KeyPressMsg) int {
	x.notice = ""
	switch {
	case key.Matches(msg, k.Up):
		x.move(0, -1)
	case key.Matches(msg, k.Down):
		x.move(0, 1)
	case key.Matches(msg, k.Left):
		x.move(-1, 0)
	case key.Matches(msg, k.Right):
		x.move(1, 0)
	case key.Matches(msg, k.Replay):
		if len(x.cells) == 0 {
			return -1
		}
		if !x.done[x.cur] {
			x.notice = "this run is not done yet: its cell opens once it is filled in"
			return -1
		}
		return x.cur
	}
	return -1
}

// move puts the cursor on the nearest filled cell in a direction: up and
// down in the same column, or where that column has no more, on the nearest
// line that has one; left and right in the same strategy's row, or where
// that row has no more, on the nearest column that has a cell, whatever its
// row: the head promises columns on that side.
func (x *matrixScreen) move(dx, dy int) {
	if len(x.cells) == 0 {
		return
	}
	cur := x.cur
	best, score := -1, 0
	for i := range x.cells {
		if !x.done[i] || i == cur {
			continue
		}
		var s int
		if dy != 0 {
			d := (x.line[i] - x.line[cur]) * dy
			if d <= 0 {
				continue
			}
			s = d * 100
			if x.col[i] != x.col[cur] {
				s = 1_000_000 + d*100 + abs(x.col[i]-x.col[cur])
			}
		} else {
			d := (x.col[i] - x.col[cur]) * dx
			if d <= 0 {
				continue
			}
			s = d*100 + abs(x.line[i]-x.line[cur])
			if x.cells[i].Row != x.cells[cur].Row {
				s = 1_000_000 + d*10_000 + abs(x.line[i]-x.line[cur])
			}
		}
		if best < 0 || s < score {
			best, score = i, s
		}
	}
	if best >= 0 {
		x.cur = best
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
