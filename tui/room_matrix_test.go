package tui

import (
	"testing"
)

// cued sends the follower the presenter's cue as it is now.
func (x follower) cued() Cue {
	x.f.t.Helper()
	c := x.p.m.cueNow()
	x.f.send(CueMsg(c))
	return c
}

// The matrix is followed: a follower sees their own matrix with the cursor
// on the presenter's cell, opens the cell the presenter opens in their own
// lab (the same seed, the same faults), comes back to their matrix with
// the presenter, and leaves it, its runs stopped, when the presenter opens
// a run from home.
func TestFollowerFollowsTheMatrix(t *testing.T) {
	x := follower{
		p: newHarness(t, Options{Base: baseConfig(), Room: presenterRoom{}}, 120, 35),
		f: newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}}, 120, 35),
	}
	p, f := x.p, x.f
	f.send(RoomMsg{Connected: 1, Presenters: 1, Following: 1})
	p.press("m")
	// While the presenter's matrix fills, the follower's waits: the two
	// share the server's cores, and the room watches the presenter's.
	x.cued()
	if f.m.matrix != nil {
		t.Fatalf("the follower's matrix started while the presenter's was filling")
	}
	f.contains("following the presenter, whose matrix is filling: yours starts after it")
	p.untilWithin(matrixBound, "the presenter's matrix filled", func() bool { return p.m.matrix.finished })
	p.press("right", "down")
	c := x.cued()
	if !c.Matrix || c.Strategy != "" {
		t.Fatalf("the presenter's cue on the matrix: %+v", c)
	}
	if f.m.state != stateMatrix || f.m.matrix == nil || f.m.matrix.cell() != p.m.matrix.cell() {
		t.Fatalf("the follower is on %v, not on the presenter's matrix cell %+v", f.m.state, p.m.matrix.cell())
	}
	f.contains("compare: every strategy against every fault")
	f.lacks("whose matrix is filling")

	p.until("the cell filled", func() bool { return p.m.matrix.done[p.m.matrix.cur] })
	p.press("enter")
	p.idle()
	x.sync("the presenter's cell")
	pr, fr := p.run(), f.m.run
	if fr.strat.ID != pr.strat.ID || !fr.setup().Equal(pr.setup()) || f.m.runFrom != stateMatrix {
		t.Fatalf("the follower opened %s (from %v) with %+v; the presenter %s with %+v", fr.strat.ID, f.m.runFrom, fr.setup(), pr.strat.ID, pr.setup())
	}

	p.press("esc")
	p.idle()
	x.cued()
	f.until("back on the matrix", func() bool { return f.m.state == stateMatrix && f.m.run == nil })
	if f.m.matrix.cell() != p.m.matrix.cell() {
		t.Fatalf("the follower's cursor is on %+v, the presenter's on %+v", f.m.matrix.cell(), p.m.matrix.cell())
	}
	// Their matrix says how its runs went: one at a time, not the
	// presenter's several.
	f.untilWithin(matrixBound, "the follower's matrix done", func() bool { return f.m.matrix.finished })
	f.contains("61 runs in", "one at a time: = 61 as the catalog expects")

	p.press("esc") // home: the follower stays where they are
	x.cued()
	if f.m.state != stateMatrix {
		t.Fatalf("the follower left the matrix for the presenter's home screen: %v", f.m.state)
	}
	p.press("enter") // naive, from home
	p.idle()
	x.sync("the presenter's run from home")
	if f.m.matrix != nil || f.m.runFrom != stateHome {
		t.Fatalf("the follower's matrix is still open (run from %v)", f.m.runFrom)
	}
	f.until("the matrix's runs stopped", func() bool { return len(f.m.matrices) == 0 })
}

// cueRoom is a presenter's room that keeps the cues its UI sends.
type cueRoom struct {
	presenterRoom
	cues *[]Cue
}

func (r cueRoom) Cue(c Cue) { *r.cues = append(*r.cues, c) }

// Each move of the presenter's cursor on the matrix reaches the room, as
// does the matrix itself: a cue that differs only in its cell is a new one.
func TestPresenterCuesEachMatrixMove(t *testing.T) {
	var cues []Cue
	p := newHarness(t, Options{Base: baseConfig(), Room: cueRoom{cues: &cues}}, 120, 35)
	p.press("m")
	// The matrix filled is news for the room without a key: followers'
	// own matrices start then.
	p.untilWithin(matrixBound, "the matrix filled", func() bool { return p.m.matrix.finished })
	if last := cues[len(cues)-1]; !last.Matrix || !last.MatrixFilled {
		t.Fatalf("the presenter's matrix is filled, the room's last cue %+v", last)
	}
	p.press("right")
	first := p.m.matrix.cell()
	p.press("down")
	second := p.m.matrix.cell()
	if first == second {
		t.Fatalf("the cursor did not move: %+v", first)
	}
	var seen []MatrixCell
	for _, c := range cues {
		if c.Matrix {
			seen = append(seen, c.Cell)
		}
	}
	if len(seen) < 2 || seen[len(seen)-2] != first || seen[len(seen)-1] != second {
		t.Fatalf("the room was cued %+v, want the cells %+v then %+v last", seen, first, second)
	}
}

// A follower who joins while the presenter is in a cell of the matrix
// opens that cell with their own matrix behind it, so that esc with the
// presenter comes back to a matrix, not to the home screen.
func TestLateFollowerGetsTheMatrixBehindTheCell(t *testing.T) {
	x := follower{
		p: newHarness(t, Options{Base: baseConfig(), Room: presenterRoom{}}, 120, 35),
		f: newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}}, 120, 35),
	}
	p, f := x.p, x.f
	p.press("m")
	p.untilWithin(matrixBound, "the matrix filled", func() bool { return p.m.matrix.finished })
	p.press("enter")
	p.idle()
	x.sync("the cell")
	if f.m.matrix == nil || f.m.runFrom != stateMatrix || f.m.matrix.cell() != p.m.matrix.cell() {
		t.Fatalf("the late follower's cell has no matrix behind it (from %v)", f.m.runFrom)
	}
	p.press("esc")
	x.cued()
	f.until("back on the matrix", func() bool { return f.m.state == stateMatrix && f.m.run == nil })

	// A cell opened while the presenter's matrix was still filling does
	// not start another matrix on the same cores.
	p.press("enter")
	p.idle()
	early := p.m.cueNow()
	early.MatrixFilled = false
	g := newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}}, 120, 35)
	g.send(CueMsg(early))
	g.until("the cell", func() bool { return g.m.run != nil && g.m.run.loaded && !g.m.run.busy })
	if g.m.matrix != nil || len(g.m.matrices) != 0 {
		t.Fatalf("a follower's matrix started while the presenter's was filling")
	}
}
