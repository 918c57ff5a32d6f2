package tui

import (
	"strings"

	east "github.com/yuin/goldmark/extension/ast"
)

// tableSep stands between two columns of a table.
const tableSep = " │ "

// table lays a GFM table out in w cells: columns as wide as their text when
// that fits, else the widest shrunk first and the cells' text wrapped in them.
// When a row takes several lines, a rule between rows tells them apart.
func (r *mdRenderer) table(t *east.Table, w int) []string {
	n := len(t.Alignments)
	if n == 0 {
		return nil
	}
	var rows [][][]mdSpan
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		m := inlineMarks{}
		if _, ok := row.(*east.TableHeader); ok {
			m.role = roleTableHead
		}
		cells := make([][]mdSpan, n)
		j := 0
		for c := row.FirstChild(); c != nil && j < n; c, j = c.NextSibling(), j+1 {
			cells[j] = r.inlines(nil, c, m)
		}
		rows = append(rows, cells)
	}
	widths := columnWidths(rows, n, w-len([]rune(tableSep))*(n-1))

	var body [][]string // each row's lines
	tall := false
	for i, cells := range rows {
		lines := r.tableRow(cells, widths, t.Alignments)
		if i > 0 && len(lines) > 1 {
			tall = true
		}
		body = append(body, lines)
	}
	dashes := make([]string, n)
	for j, cw := range widths {
		dashes[j] = strings.Repeat("─", cw)
	}
	rule := paintOf(r.th.rule).on(strings.Join(dashes, "─┼─"))
	var out []string
	for i, lines := range body {
		if i == 1 || i > 1 && tall {
			out = append(out, rule)
		}
		out = append(out, lines...)
	}
	return out
}

// columnWidths gives each column the width of its widest cell on one line,
// then takes cells from the widest column until they all fit in avail.
func columnWidths(rows [][][]mdSpan, n, avail int) []int {
	widths := make([]int, n)
	for _, cells := range rows {
		for j, c := range cells {
			widths[j] = max(widths[j], ansiWidthOfSpans(c), 1)
		}
	}
	total := 0
	for _, cw := range widths {
		total += cw
	}
	for ; total > avail; total-- {
		widest := 0
		for j, cw := range widths {
			if cw > widths[widest] {
				widest = j
			}
		}
		if widths[widest] <= 1 {
			break
		}
		widths[widest]--
	}
	return widths
}

// ansiWidthOfSpans is the width of spans on one line, spaces collapsed as
// wrapping collapses them.
func ansiWidthOfSpans(ss []mdSpan) int {
	return width(strings.Join(strings.Fields(plainSpans(ss)), " "))
}

func (r *mdRenderer) tableRow(cells [][]mdSpan, widths []int, aligns []east.Alignment) []string {
	cols := make([][]string, len(widths))
	h := 1
	for j, c := range cells {
		cols[j] = r.th.wrapSpans(c, widths[j])
		h = max(h, len(cols[j]))
	}
	sep := paintOf(r.th.rule).on(tableSep)
	lines := make([]string, h)
	for i := range lines {
		parts := make([]string, len(widths))
		for j, cw := range widths {
			l := ""
			if i < len(cols[j]) {
				l = cols[j][i]
			}
			parts[j] = alignCell(l, cw, aligns[j])
		}
		lines[i] = strings.TrimRight(strings.Join(parts, sep), " ")
	}
	return lines
}

func alignCell(s string, w int, a east.Alignment) string {
	pad := max(w-width(s), 0)
	switch a {
	case east.AlignRight:
		return strings.Repeat(" ", pad) + s
	case east.AlignCenter:
		return strings.Repeat(" ", pad/2) + s + strings.Repeat(" ", pad-pad/2)
	}
	return s + strings.Repeat(" ", pad)
}
