package tui

// Thirty sessions of a room draw the matrix again at each of its changes: a
// cell filled in is one change, and sixty cells are drawn each time. A cell
// is drawn once per change of what it shows, and kept: a frame draws only
// the cells that changed.

// matrixCellKey is everything a cell's drawn lines depend on: its result
// (rev counts its fills), whether the matrix is finished (a cell not run
// says so then), the cursor on it, its column's width and the styles.
// The styles are built from dark, mono and present; present only makes
// faint text faint, and no cell is drawn faint.
type matrixCellKey struct {
	rev            int
	done, finished bool
	cur            bool
	w              int
	dark, mono     bool
}

// matrixCellDrawn is a cell as last drawn, and its text's widths.
type matrixCellDrawn struct {
	key       matrixCellKey
	drawn     bool
	got, want string

	textKey     matrixCellKey // rev, done and finished only
	sized       bool
	gotW, wantW int // the widths of its mark and got, and of its want
}

// cellWidths are the widths of a cell's two lines of text, unstyled: its
// mark and what the run showed, and what the catalog expects.
func (x *matrixScreen) cellWidths(i int) (int, int) {
	k := matrixCellKey{rev: x.cellRev[i], done: x.done[i], finished: x.finished}
	d := &x.cellDrawn[i]
	if x.drawEachTime || !d.sized || d.textKey != k {
		mark, got, want := x.cellText(i)
		d.textKey, d.sized, d.gotW, d.wantW = k, true, width(mark)+width(got), width(want)
	}
	return d.gotW, d.wantW
}

// keptCellLines are cellLines, drawn again only when the cell's key changed.
func (x *matrixScreen) keptCellLines(st styles, i, w int) (string, string) {
	k := matrixCellKey{rev: x.cellRev[i], done: x.done[i], finished: x.finished, cur: i == x.cur, w: w, dark: st.dark, mono: st.mono}
	d := &x.cellDrawn[i]
	if x.drawEachTime || !d.drawn || d.key != k {
		d.got, d.want = x.cellLines(st, i, w)
		d.key, d.drawn = k, true
		x.cellDraws++
	}
	return d.got, d.want
}
