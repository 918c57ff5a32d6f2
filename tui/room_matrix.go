package tui

import tea "charm.land/bubbletea/v2"

// A follower sees the matrix the presenter shows. Under dualwrite serve it is
// the room's (Options.Matrix): the very runs the presenter's screen shows,
// watched as they fill. Without a room's matrix it is their own runs of
// every cell in their own lab, with the catalog's seeds, so each cell says
// what the presenter's says; those start once the presenter's is filled
// and run one cell at a time, as thirty of them share the server's two
// cores with the presenter's screen. Either way the cell the presenter
// opens opens in the follower's lab.
const followerMatrixParallel = 1

// cell is the cell under the cursor.
func (x *matrixScreen) cell() MatrixCell {
	if len(x.cells) == 0 {
		return MatrixCell{}
	}
	c := x.cells[x.cur]
	return MatrixCell{Row: c.Row, Col: c.Col}
}

// moveTo puts the cursor on a cell, filled in or not: the presenter's is
// filled, a follower's own run of it may still be going.
func (x *matrixScreen) moveTo(c MatrixCell) {
	if i, ok := x.at[[2]int{c.Row, c.Col}]; ok {
		x.cur = i
	}
}

// followMatrix shows the follower's matrix, started when not yet, with the
// cursor on the presenter's cell. A run on show is closed first, once it is
// not busy.
func (m *Model) followMatrix(c Cue) tea.Cmd {
	if m.matrix == nil && !m.mayStartMatrix(c) {
		// The presenter's matrix is filling, on the same cores: this one
		// waits for it, and the follower is told so.
		m.room.waitMatrix, m.room.cue = true, nil
		return nil
	}
	var cmds []tea.Cmd
	if m.run != nil {
		if m.run.busy {
			return nil
		}
		cmds = append(cmds, m.closeRun())
	}
	if m.matrix == nil {
		cmds = append(cmds, m.startMatrixScreen(m.matrixParallel()))
	}
	m.state = stateMatrix
	m.matrix.moveTo(c.Cell)
	m.room.cue = nil
	return tea.Batch(cmds...)
}

// matrixParallel is how many cells at once a matrix opened for the room
// runs: a follower's one at a time, a presenter's (brought back to the
// room's matrix) as many as when opened by hand.
func (m *Model) matrixParallel() int {
	if m.opts.Room != nil && m.opts.Room.Presenter() {
		return 0
	}
	return followerMatrixParallel
}

// mayStartMatrix says whether a UI in a room may start its matrix for the
// presenter's cue now: a presenter's always; a follower's at once when the
// room's matrix is its source (it watches the very runs the presenter's
// does, filling), else once the presenter's is filled, so that thirty
// matrices of one's own do not share the cores with the presenter's.
func (m *Model) mayStartMatrix(c Cue) bool {
	return m.opts.Room.Presenter() || m.opts.Matrix != nil || c.MatrixFilled
}
