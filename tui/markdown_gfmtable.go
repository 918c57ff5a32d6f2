package tui

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// gfmTables turns a paragraph holding a GFM table (a header row, a
// delimiter row, then rows) into goldmark's table nodes, as goldmark's own
// table extension does; the cells' text is parsed as inlines after.
type gfmTables struct{}

var _ parser.ParagraphTransformer = gfmTables{}

func (gfmTables) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := p.Lines()
	src := reader.Source()
	for i := 1; i < lines.Len(); i++ {
		delim := lines.At(i)
		aligns := tableDelimiters(delim.Value(src))
		if aligns == nil {
			continue
		}
		header := tableRow(src, lines.At(i-1), aligns)
		if header.ChildCount() != len(aligns) {
			return
		}
		t := east.NewTable()
		t.Alignments = aligns
		t.AppendChild(t, east.NewTableHeader(header))
		for j := i + 1; j < lines.Len(); j++ {
			t.AppendChild(t, tableRow(src, lines.At(j), aligns))
		}
		parent := p.Parent()
		parent.InsertAfter(parent, p, t)
		if i == 1 {
			parent.RemoveChild(parent, p)
			return
		}
		lines.SetSliced(0, i-1)
		last := lines.At(i - 2)
		last.Stop-- // the text before the table ends without its newline
		lines.Set(i-2, last)
		return
	}
}

// tableDelimiters reads a delimiter row such as |---|:--:|--:|, or nil if
// line is not one.
func tableDelimiters(line []byte) []east.Alignment {
	cols := splitCells(bytes.TrimSpace(line))
	if len(cols) == 0 {
		return nil
	}
	aligns := make([]east.Alignment, len(cols))
	for i, c := range cols {
		c = bytes.TrimSpace(c)
		left, right := bytes.HasPrefix(c, []byte(":")), bytes.HasSuffix(c, []byte(":"))
		dashes := bytes.Trim(c, ":")
		if len(dashes) == 0 || len(bytes.Trim(dashes, "-")) != 0 {
			return nil
		}
		switch {
		case left && right:
			aligns[i] = east.AlignCenter
		case right:
			aligns[i] = east.AlignRight
		case left:
			aligns[i] = east.AlignLeft
		default:
			aligns[i] = east.AlignNone
		}
	}
	return aligns
}

// tableRow makes a row of exactly len(aligns) cells of seg's line (a header
// row keeps all it has, so a mismatch can be seen).
func tableRow(src []byte, seg text.Segment, aligns []east.Alignment) *east.TableRow {
	seg = seg.TrimLeftSpace(src)
	seg = seg.TrimRightSpace(src)
	row := east.NewTableRow(aligns)
	start := seg.Start
	line := seg.Value(src)
	if len(line) > 0 && line[0] == '|' {
		start++
	}
	for _, c := range splitCells(line) {
		cell := east.NewTableCell()
		if n := row.ChildCount(); n < len(aligns) {
			cell.Alignment = aligns[n]
		}
		cs := text.NewSegment(start, start+len(c))
		cs = cs.TrimLeftSpace(src)
		cs = cs.TrimRightSpace(src)
		cell.Lines().Append(cs)
		row.AppendChild(row, cell)
		start += len(c) + 1
	}
	for row.ChildCount() < len(aligns) {
		row.AppendChild(row, east.NewTableCell())
	}
	return row
}

// splitCells splits a row at the pipes not escaped by a backslash, without
// the empty cells before a leading pipe and after a trailing one.
func splitCells(line []byte) [][]byte {
	if len(line) > 0 && line[0] == '|' {
		line = line[1:]
	}
	if n := len(line); n > 0 && line[n-1] == '|' && (n < 2 || line[n-2] != '\\') {
		line = line[:n-1]
	}
	if len(line) == 0 {
		return nil
	}
	var cells [][]byte
	start := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, line[start:i])
			start = i + 1
		}
	}
	return append(cells, line[start:])
}
