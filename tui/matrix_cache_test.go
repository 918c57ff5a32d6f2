package tui

import (
	"fmt"
	"image/color"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// judged is every cell of the catalog as its run would be judged if it
// went as the catalog expects, but the third, whose run differs: cells
// made by hand, to fill a matrix at the test's own pace.
func judged() []scenarios.Cell {
	cells := scenarios.Cells()
	for i := range cells {
		w := cells[i].Expect.Want
		cells[i].Report = &lab.Report{Settled: true}
		cells[i].Report.Anomalies = check.Anomalies{Lost: w.Lost, Ghost: w.Ghost, Duplicate: w.Duplicate, Reordered: w.Reordered}
		if i == 2 {
			cells[i].Report.Anomalies.Lost++
			cells[i].Mismatch = "lost one more than the catalog says"
		}
	}
	return cells
}

// tick turns the matrix's spinner once, as its tick would.
func tick(h *harness) { h.send(h.m.matrix.spin.Tick()) }

// The kept drawing shows what drawing each time would: two sessions are
// given the same cells and the same keys, one drawing its matrix each time,
// and at every point of the matrix filling in (the spinner turning, the
// cursor moving and scrolling the table, a notice, other sizes, the end)
// their screens are the same.
func TestMatrixKeptDrawingIsTheScreen(t *testing.T) {
	cells := judged()
	var hs [2]*harness
	var chs [2]chan scenarios.Cell
	for i := range hs {
		hs[i] = newHarness(t, Options{Base: baseConfig()}, 120, 35)
		chs[i] = make(chan scenarios.Cell, len(cells))
		// One time for both: each measuring its own on the real clock, a
		// busy machine made them 8.41s and 8.42s.
		took := func() time.Duration { return 1500 * time.Millisecond }
		hs[i].m.matrix, hs[i].m.state = newMatrixScreen(&matrixRun{id: -1, ch: chs[i], parallel: 2, took: took}), stateMatrix
	}
	hs[1].m.matrix.drawEachTime = true
	both := func(f func(h *harness)) {
		for _, h := range hs {
			f(h)
		}
	}
	points := 0
	same := func(what string) {
		t.Helper()
		// Styles and all: the drawing is kept with its colours.
		kept, fresh := hs[0].m.View().Content, hs[1].m.View().Content
		if kept != fresh {
			t.Fatalf("%s: the kept drawing shows\n%s\ndrawn each time:\n%s", what, kept, fresh)
		}
		points++
	}
	press := func(keys ...string) { both(func(h *harness) { h.press(keys...) }) }
	// At each size, down the table and back, scrolling where it does not
	// fit, and across.
	sizes := func(at string) {
		t.Helper()
		for _, sz := range [][2]int{{80, 24}, {80, 30}, {200, 30}, {200, 50}, {100, 50}, {120, 35}} {
			both(func(h *harness) { h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]}) })
			same(fmt.Sprintf("%d×%d, %s", sz[0], sz[1], at))
			both(func(h *harness) { h.m.matrix.moveTo(MatrixCell{}) })
			for _, k := range []string{"down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down",
				"right", "right", "right", "up", "up", "up", "up", "up", "up", "up", "up", "up", "up", "up", "up", "left", "left"} {
				press(k)
				same(fmt.Sprintf("%s at %d×%d, %s", k, sz[0], sz[1], at))
			}
		}
		for _, bg := range []color.Color{color.White, color.Black} {
			both(func(h *harness) { h.send(tea.BackgroundColorMsg{Color: bg}) })
			same(fmt.Sprintf("background %v, %s", bg, at))
		}
		for _, p := range []colorprofile.Profile{colorprofile.ASCII, colorprofile.TrueColor} {
			both(func(h *harness) { h.send(tea.ColorProfileMsg{Profile: p}) })
			same(fmt.Sprintf("colour profile %v, %s", p, at))
		}
	}
	same("empty")
	last := MatrixCell{Row: cells[len(cells)-1].Row, Col: cells[len(cells)-1].Col}
	for i, c := range cells {
		both(func(h *harness) { h.m.matrix.add(c) })
		same(fmt.Sprintf("cell %d taken, not yet filled in", i))
		both(tick)
		same(fmt.Sprintf("cell %d filled in", i))
		if i%7 == 3 {
			press("right")
			same(fmt.Sprintf("→ at cell %d", i))
			press("down")
			same(fmt.Sprintf("↓ at cell %d", i))
		}
		if i%11 == 5 && i < len(cells)-1 { // enter on the last cell filled in would open its run
			both(func(h *harness) { h.m.matrix.moveTo(last) })
			same(fmt.Sprintf("the cursor on the last cell, not filled in, at cell %d", i))
			press("enter")
			same(fmt.Sprintf("enter on a cell not filled in, at cell %d", i))
			press("up")
			same(fmt.Sprintf("↑ from the last cell, at cell %d", i))
		}
		if i == 20 || i == len(cells)-1 {
			sizes(fmt.Sprintf("cell %d", i))
		}
	}
	for i := range hs {
		close(chs[i])
		hs[i].m.matrix.finish()
	}
	same("finished")
	sizes("finished")
	if points < 200 {
		t.Fatalf("compared at %d points only", points)
	}
}

// A tick turns the spinner without drawing the matrix again, and a burst of
// cells waiting in the channel is filled in at once: one drawing, not one a
// cell.
func TestMatrixBurstIsOneDrawing(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 120, 35)
	cells := judged()
	ch := make(chan scenarios.Cell, len(cells))
	mr := &matrixRun{id: 1 << 30, ch: ch, parallel: 2}
	t.Cleanup(func() { close(ch) })
	x := newMatrixScreen(mr)
	h.m.matrix, h.m.state = x, stateMatrix
	before := h.screen()
	drawn := x.draws
	for range 5 {
		tick(h)
		if s := h.screen(); s == before {
			t.Fatalf("a tick did not turn the spinner:\n%s", s)
		} else {
			before = s
		}
	}
	if x.draws != drawn {
		t.Fatalf("5 ticks drew the matrix %d times; the spinner turns in the kept drawing", x.draws-drawn)
	}

	for _, c := range cells[1:21] {
		ch <- c
	}
	h.send(matrixCellMsg{id: mr.id, cell: cells[0]})
	if s := h.screen(); s != before || x.draws != drawn {
		t.Fatalf("a burst changed the screen before the spinner's turn (%d drawings):\n%s", x.draws-drawn, s)
	}
	tick(h)
	h.screen()
	if x.filled != 21 || x.draws != drawn+1 {
		t.Fatalf("a burst of 21 cells: %d filled in, %d drawings; want 21 in one", x.filled, x.draws-drawn)
	}
	h.contains("21 of 61 done")
}

// Cells taken and not yet filled in at the spinner's turn are filled in when
// the matrix is finished: its channel closed right behind them.
func TestMatrixFinishFillsInWhatWasTaken(t *testing.T) {
	cells := judged()
	x := newMatrixScreen(&matrixRun{id: -1, parallel: 2})
	for _, c := range cells[:5] {
		x.add(c)
	}
	x.finish()
	if x.filled != 5 {
		t.Fatalf("finished with %d of the 5 cells taken filled in", x.filled)
	}
}
