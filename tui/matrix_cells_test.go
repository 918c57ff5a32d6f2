package tui

import (
	"fmt"
	"testing"
)

// The kept cells draw what drawing each cell each time would, through every
// change of each key of a cell: its fill, the matrix finished with cells
// not run, the cursor, its column's width (a wider cell filled in below
// it, another terminal size), and every style.
func TestMatrixKeptCellsAreTheScreen(t *testing.T) {
	cells := judged()
	kept := newMatrixScreen(&matrixRun{id: -1, parallel: 2})
	fresh := newMatrixScreen(&matrixRun{id: -1, parallel: 2})
	fresh.drawEachTime = true
	hlp := func(int) string { return "help" }
	points := 0
	same := func(what string, st styles, w, h int) {
		t.Helper()
		// One elapsed time for both: each measured its own.
		fresh.elapsed = kept.elapsed
		k, f := kept.view(st, hlp, w, h), fresh.view(st, hlp, w, h)
		if k != f {
			t.Fatalf("%s at %dx%d: the kept cells show\n%s\ndrawn each time:\n%s", what, w, h, k, f)
		}
		points++
	}
	allStyles := []styles{newStyles(true, false, false), newStyles(false, false, false), newStyles(true, true, false),
		newStyles(false, true, true)}
	sizes := [][2]int{{80, 24}, {120, 35}, {200, 50}}
	both := func(f func(x *matrixScreen)) { f(kept); f(fresh) }
	look := func(at string) {
		t.Helper()
		for _, sz := range sizes {
			for si, st := range allStyles {
				same(fmt.Sprintf("%s, style %d", at, si), st, sz[0], sz[1])
			}
			for _, d := range [][2]int{{1, 0}, {0, 1}, {1, 0}, {0, 1}, {-1, 0}, {0, -1}} {
				both(func(x *matrixScreen) { x.move(d[0], d[1]) })
				same(fmt.Sprintf("%s, moved %v", at, d), allStyles[0], sz[0], sz[1])
			}
		}
	}
	look("empty")
	// Two thirds filled in, the last third never: the matrix is stopped.
	for i, c := range cells[:2*len(cells)/3] {
		both(func(x *matrixScreen) { x.add(c); x.fillPending() })
		same(fmt.Sprintf("cell %d filled in", i), allStyles[0], 120, 35)
		if i%9 == 4 {
			look(fmt.Sprintf("cell %d", i))
		}
	}
	both(func(x *matrixScreen) {
		x.moveTo(MatrixCell{Row: cells[len(cells)-1].Row, Col: cells[len(cells)-1].Col})
	})
	look("the cursor on a cell not filled in")
	both(func(x *matrixScreen) { x.finish() })
	look("stopped, a third not run")
	if points < 200 {
		t.Fatalf("compared at %d points only", points)
	}
}

// A frame draws only the cells that changed: once each cell was on show, a
// move of the cursor draws at most the cell it left and the one it is on,
// however the table scrolls (the first move, from a cell to its neighbour
// on show, both), and a terminal of another height none.
func TestMatrixFrameDrawsOnlyChangedCells(t *testing.T) {
	x, _, _ := fakeMatrix(t)
	st := newStyles(true, false, false)
	hlp := func(int) string { return "" }
	for i := range x.cells {
		x.cur = i
		x.view(st, hlp, 120, 35)
	}
	x.cur = 0
	x.view(st, hlp, 120, 35)
	before := x.cellDraws
	x.view(st, hlp, 120, 34)
	if n := x.cellDraws - before; n != 0 {
		t.Fatalf("another height drew %d cells again, none changed", n)
	}
	two := 0
	for _, d := range [][2]int{{1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {-1, 0}, {-1, 0}} {
		from := x.cur
		x.move(d[0], d[1])
		if x.cur == from {
			continue // at the matrix's edge
		}
		before = x.cellDraws
		x.view(st, hlp, 120, 35)
		// The cell it left may be out of sight now, and the one it is on
		// may have been last drawn under the cursor.
		n := x.cellDraws - before
		if n > 2 || (two == 0 && n != 2) {
			t.Fatalf("a move %v of the cursor from %d to %d drew %d cells; want the one it left and the one it is on", d, from, x.cur, n)
		}
		if n == 2 {
			two++
		}
	}
}

// A cell's kept widths are its text's, through its fill and the matrix's
// end: a cell not run says so once it is stopped, wider than its spinner.
func TestMatrixCellWidthsAreTheText(t *testing.T) {
	cells := judged()
	x := newMatrixScreen(&matrixRun{id: -1, parallel: 2})
	check := func(at string) {
		t.Helper()
		for i := range x.cells {
			mark, got, want := x.cellText(i)
			gw, ww := x.cellWidths(i)
			if gw != width(mark)+width(got) || ww != width(want) {
				t.Fatalf("%s: cell %d kept widths %d, %d for %q over %q", at, i, gw, ww, mark+got, want)
			}
		}
	}
	check("empty")
	for _, c := range cells[:len(cells)/2] {
		x.add(c)
		x.fillPending()
		check("filling")
	}
	x.finish()
	check("stopped")
}
