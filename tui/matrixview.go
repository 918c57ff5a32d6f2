package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/dualwrite/dualwrite/scenarios"
)

const matrixLegend = "= as the catalog expects (lost, ghost, dup, reord: what the run showed) · ✗ differs from it · ! the run failed · ? a caller was told 'failed' for a committed order · " +
	"– not in the catalog · dup duplicate · reord reordered · " + scenarios.SharesLegend

// cellText is a cell's two lines: its mark and what the run showed, over
// what the catalog expects.
func (x *matrixScreen) cellText(i int) (mark, got, want string) {
	c := x.cells[i]
	want = "  " + c.Expect.Want.Short()
	switch {
	case !x.done[i] && x.finished:
		return " ", " not run", want
	case !x.done[i]:
		return x.spin.View(), " …", want
	case c.Err != nil:
		return "!", " error", want
	case c.Mismatch != "":
		return "✗", " differs: " + c.Measured(), want
	default:
		return "=", " " + c.Measured(), want
	}
}

// cellLines are a cell's two lines, styled, w cells wide.
func (x *matrixScreen) cellLines(st styles, i, w int) (string, string) {
	mark, got, want := x.cellText(i)
	if i == x.cur {
		return st.selected.Render(fit(mark+got, w)), st.selected.Render(fit(want, w))
	}
	markStyle, gotStyle := st.asExpected, st.text
	switch {
	case !x.done[i]:
		markStyle, gotStyle = st.warn, st.dim
	case mark != "=":
		markStyle = st.bad
	}
	switch {
	case mark == "✗":
		got = st.bad.Render(" differs: ") + measuredStyled(st, x.cells[i])
	case mark == "=":
		got = " " + measuredStyled(st, x.cells[i])
	default:
		got = gotStyle.Render(got)
	}
	return markStyle.Render(mark) + got + strings.Repeat(" ", max(w-width(mark+got), 0)),
		st.dim.Render(want) + strings.Repeat(" ", max(w-width(want), 0))
}

// draw is the screen above the help line (view's), w×(h-1) cells.
func (x *matrixScreen) draw(st styles, w, h int) string {
	title := x.title(st, w)
	status := x.status(st, w)
	detailMax := 3
	if h >= 30 {
		detailMax = 4
	}
	detail := x.detail(st, w, detailMax)
	legend := wrap(matrixLegend, w)
	for i, l := range legend {
		legend[i] = st.faint.Render(l)
	}
	fixed := 1 + 1 + len(detail) + 1 // title, status, detail, help
	avail := h - fixed
	if avail-len(legend)-1 >= 2+2*x.lines {
		avail -= len(legend) + 1
	} else {
		legend = nil
	}
	// The table's lines are w wide already; the others are fitted here.
	lines := []string{fit(title, w)}
	lines = append(lines, x.table(st, w, avail)...)
	rest := append([]string{status}, detail...)
	if legend != nil {
		rest = append(append(rest, ""), legend...)
	}
	for _, l := range rest {
		lines = append(lines, fit(l, w))
	}
	blank := strings.Repeat(" ", max(w, 0))
	for len(lines) < h-1 {
		lines = append(lines, blank)
	}
	return strings.Join(lines[:max(h-1, 0)], "\n")
}

func (x *matrixScreen) title(st styles, w int) string {
	count := fmt.Sprintf("%d of %d done", x.filled, len(x.cells))
	whose := ""
	if x.mr.room {
		whose = "the room's matrix: "
	}
	var right string
	switch {
	case !x.finished && x.mr.room:
		right = st.warn.Render(x.spin.View()) + " " + st.accent.Render(fmt.Sprintf("the room's matrix, filling: %d of %d", x.filled, len(x.cells)))
	case !x.finished:
		right = st.warn.Render(x.spin.View()) + " " + st.accent.Render(count)
	case x.filled == len(x.cells):
		right = st.accent.Render(whose+count) + st.dim.Render(" in "+roundDuration(x.elapsed))
	default:
		right = st.bad.Render(whose + count + " · stopped")
	}
	// The longest of the titles that fits whole beside the count.
	says := fitWhole([]string{" · compare: every strategy against every fault of the catalog, each run for real",
		" · compare: every strategy against every fault", " · compare: every strategy × every fault", " · compare"},
		w-width(right)-1-width("dualwrite"))
	return spread(st.title.Render("dualwrite")+st.dim.Render(says), right, w)
}

func roundDuration(d time.Duration) string {
	if d < 10*time.Second {
		return d.Round(10 * time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}

// status is the rule under the matrix: the live count while the runs go,
// the summary once they are done, and what is scrolled out of sight.
func (x *matrixScreen) status(st styles, w int) string {
	var parts []string
	switch {
	case x.notice != "":
		parts = append(parts, st.accent.Render(x.notice))
	case !x.finished:
		s := fmt.Sprintf("running · %d of %d done", x.filled, len(x.cells))
		parts = append(parts, st.warn.Render(s))
		if n := x.differ + x.failed; n > 0 {
			parts = append(parts, st.bad.Render(fmt.Sprintf("✗ %d differ", n)))
		}
	default:
		parts = append(parts, x.summary(st, w-width("──  ")))
	}
	return rule(st.rule, strings.Join(parts, st.rule.Render(" · ")), w)
}

// detail says what the cell under the cursor is: its faults, its verdict,
// the lesson, and the command that makes the run again.
func (x *matrixScreen) detail(st styles, w, n int) []string {
	if len(x.cells) == 0 {
		return []string{"no strategies in the catalog"}
	}
	i := x.cur
	c := x.cells[i]
	what := st.strategy.Render(c.Strategy.ID) + st.dim.Render(" × ") + st.bold.Render(c.Expect.Column())
	if len(c.Expect.Faults) > 0 {
		what += st.dim.Render(" (" + strings.Join(c.Expect.Faults, " ") + ")")
	}
	var verdict string
	switch {
	case !x.done[i] && x.finished:
		verdict = st.faint.Render("not run")
	case !x.done[i]:
		verdict = st.warn.Render("… running")
	case c.Err != nil:
		verdict = st.bad.Render("! the run failed: " + firstLine(c.Err.Error()))
	case c.Mismatch != "":
		verdict = st.bad.Render("✗ differs from the catalog: " + c.Mismatch)
	default:
		verdict = st.asExpected.Render("= ") + measuredStyled(st, c) + st.asExpected.Render(", as the catalog expects")
	}
	head := what + st.dim.Render(" · ") + verdict
	out := []string{head}
	if width(head) > w {
		out = hang("", head, w)
		if len(out) > 2 {
			out = append(out[:1], cut(out[1], w))
			out = out[:2]
		}
	}
	for _, l := range wrap(c.Expect.Lesson, w) {
		out = append(out, st.text.Render(l))
	}
	cmd := "dualwrite run " + c.Strategy.ID
	if sp, err := c.Spec(); err == nil {
		cmd = sp.Command()
	}
	how := "enter steps through this run · " + cmd
	if !x.done[i] {
		how = cmd
	}
	// The command wraps: a student copies it, and "--fault 'commit=1*e…"
	// could not be run.
	var last []string
	for _, l := range wrap(how, w) {
		last = append(last, st.dim.Render(l))
	}
	// The command is whole even when it takes the table a line.
	if len(out) > n-1 {
		out = out[:max(n-1, 0)]
	}
	return append(out, last...)
}

// table is the matrix, in at most h lines of w cells: it scrolls to keep
// the cursor in sight, down by lines and across by columns.
func (x *matrixScreen) table(st styles, w, h int) []string {
	if len(x.cells) == 0 || h < 3 {
		return nil
	}
	label := len("want")
	for _, r := range x.rows {
		label = max(label, width(r.id))
	}
	label = max(label+len(" want"), x.asideWidth)
	widths := make([]int, len(x.cols))
	for c, name := range x.cols {
		widths[c] = width(name)
	}
	for i := range x.cells {
		gotW, wantW := x.cellWidths(i)
		widths[x.col[i]] = max(widths[x.col[i]], gotW, wantW)
	}
	// Across: from the first column on show, as many as fit, the cursor's
	// among them.
	room := w - label
	cc := x.col[x.cur]
	x.left = min(x.left, cc)
	fits := func(from, to int) bool {
		used := 0
		for c := from; c <= to; c++ {
			used += 3 + widths[c]
		}
		return used <= room
	}
	for x.left < cc && !fits(x.left, cc) {
		x.left++
	}
	// Where the columns from here to the last fit, show them all, so the
	// matrix does not end in empty space.
	for x.left > 0 && fits(x.left-1, len(x.cols)-1) {
		x.left--
	}
	right := x.lastFitting(x.left, widths, room)
	// A strategy takes a line for each cell stacked in a column on show.
	size := make([]int, len(x.rows))
	for i, c := range x.cells {
		if x.col[i] >= x.left && x.col[i] <= right {
			size[c.Row] = max(size[c.Row], x.line[i]-x.rows[c.Row].first+1)
		}
	}
	first := make([]int, len(x.rows))
	lines := 0
	for r := range x.rows {
		size[r] = max(size[r], 1)
		first[r], lines = lines, lines+size[r]
	}
	rowAt := func(l int) int {
		for r := range x.rows {
			if l < first[r]+size[r] {
				return r
			}
		}
		return len(x.rows) - 1
	}
	// Down: the lines on show, the cursor's among them, and a line that
	// says what is below when not all fit.
	shown := (h - 2) / 2
	if shown < lines {
		shown = max((h-3)/2, 1)
	}
	cl := first[x.cells[x.cur].Row] + x.line[x.cur] - x.rows[x.cells[x.cur].Row].first
	x.top = max(min(x.top, cl, lines-shown), 0)
	if cl >= x.top+shown {
		x.top = cl - shown + 1
	}
	bottom := min(x.top+shown, lines)

	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-width(s))) }
	// The head: the columns out of sight on either side, and the names of
	// those on show; under it, the strategies above the first on show.
	corner := columnsAside(x.left, len(x.cols)-1-right)
	head := st.faint.Render(pad(cut(corner, label), label))
	ruleLine := st.rule.Render(strings.Repeat("─", label))
	if x.top > 0 {
		above := cut(strategiesAbove(rowAt(x.top)), label-1) + " "
		ruleLine = st.faint.Render(above) + st.rule.Render(strings.Repeat("─", max(label-width(above), 0)))
	}
	// Every line of the table is used cells wide, and is made w wide
	// here: draw measures none of them again.
	used := label
	for c := x.left; c <= right; c++ {
		used += 3 + widths[c]
	}
	whole := func(b *strings.Builder) string {
		if used > w {
			return fit(b.String(), w)
		}
		b.WriteString(strings.Repeat(" ", w-used))
		return b.String()
	}
	var hb, rb strings.Builder
	hb.WriteString(head)
	rb.WriteString(ruleLine)
	sep := st.rule.Render(" │ ")
	// A column's empty slot, drawn once a drawing, not once a slot.
	empty := make([]string, len(x.cols))
	for c := x.left; c <= right; c++ {
		name := fit(x.cols[c], widths[c])
		if c == cc {
			name = st.accent.Render(name)
		} else {
			name = st.bold.Render(name)
		}
		hb.WriteString(sep)
		hb.WriteString(name)
		rb.WriteString(st.rule.Render("─┼─" + strings.Repeat("─", widths[c])))
		empty[c] = st.faint.Render(pad("–", widths[c]))
	}
	out := []string{whole(&hb), whole(&rb)}
	for l := x.top; l < bottom; l++ {
		r := rowAt(l)
		row := x.rows[r]
		k := l - first[r]
		var gb, wb strings.Builder
		if k == 0 || l == x.top {
			idStyle := st.text
			if x.cells[x.cur].Row == r {
				idStyle = st.strategy
			}
			gb.WriteString(idStyle.Render(pad(row.id, label-len(" want"))) + st.dim.Render(pad(" got", len(" want"))))
			wb.WriteString(pad("", label-len(" want")) + st.dim.Render(" want"))
		} else {
			gb.WriteString(pad("", label))
			wb.WriteString(pad("", label))
		}
		for c := x.left; c <= right; c++ {
			gb.WriteString(sep)
			wb.WriteString(sep)
			i, ok := x.cellAt(r, c, k)
			switch {
			case ok:
				gs, ws := x.keptCellLines(st, i, widths[c])
				gb.WriteString(gs)
				wb.WriteString(ws)
			case k == 0:
				gb.WriteString(empty[c])
				wb.WriteString(pad("", widths[c]))
			default:
				gb.WriteString(pad("", widths[c]))
				wb.WriteString(pad("", widths[c]))
			}
		}
		out = append(out, whole(&gb), whole(&wb))
	}
	if bottom < lines {
		r := rowAt(bottom)
		continued := ""
		if first[r] < bottom {
			continued = x.rows[r].id
			r++
		}
		var below []string
		for ; r < len(x.rows); r++ {
			below = append(below, x.rows[r].id)
		}
		out = append(out, fit(st.faint.Render(strategiesBelow(continued, below, w)), w))
	}
	return out
}

// lastFitting is the last column that fits in room from column from on.
func (x *matrixScreen) lastFitting(from int, widths []int, room int) int {
	used, last := 0, from
	for c := from; c < len(x.cols); c++ {
		used += 3 + widths[c]
		if used > room && c > from {
			break
		}
		last = c
	}
	return last
}

// cellAt finds the k-th cell of strategy r in column c.
func (x *matrixScreen) cellAt(r, c, k int) (int, bool) {
	i, ok := x.slot[[3]int{r, c, k}]
	return i, ok
}

// measuredStyled is what a cell's run showed, in the words of
// scenarios.Cell.Measured, each anomaly kind in its own colour: a room reads
// green as safe, so only a consistent run is green.
func measuredStyled(st styles, c scenarios.Cell) string {
	if c.Err != nil || c.Report == nil {
		return st.bad.Render("error")
	}
	rep := c.Report
	a := rep.Anomalies
	var parts []string
	for _, k := range []struct {
		n     int
		word  string
		style lipglossStyle
	}{{a.Lost, "lost", st.lost}, {a.Ghost, "ghost", st.ghost}, {a.Duplicate, "dup", st.duplicate}, {a.Reordered, "reord", st.reordered}, {a.DoubleOrder, "double", st.duplicate}} {
		if k.n > 0 {
			parts = append(parts, k.style.Render(fmt.Sprintf("%s %d", k.word, k.n)))
		}
	}
	// What a poison event held up: without it a blocked run reads green.
	if n := len(rep.Parked); n > 0 {
		parts = append(parts, st.warn.Render(fmt.Sprintf("parked %d", n)))
	}
	if rep.Blocked != nil {
		parts = append(parts, st.bad.Render("blocked"))
	}
	s := strings.Join(parts, st.text.Render(","))
	if len(parts) == 0 {
		s = st.consistent.Render("consistent")
	}
	if len(rep.Ambiguous) > 0 {
		s += st.warn.Render(" ?")
	}
	s += st.text.Render(c.Shares())
	if rep.BlockedMs != nil && *rep.BlockedMs > 0 {
		s += st.text.Render(" blocked")
	}
	return s
}
