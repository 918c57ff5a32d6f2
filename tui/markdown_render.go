package tui

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// mdRenderer turns a parsed page into lines of the pane. Every block is
// rendered to a width and returns lines no wider; a container narrows the
// width for its children and puts its prefix before their lines.
type mdRenderer struct {
	th  *mdTheme
	src []byte
}

// children renders the blocks under n, with a blank line between them when
// gap is set.
func (r *mdRenderer) children(n ast.Node, w int, gap bool) []string {
	var out []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b := r.block(c, w)
		if len(b) == 0 {
			continue
		}
		if len(out) > 0 && gap {
			out = append(out, "")
		}
		out = append(out, b...)
	}
	return out
}

func (r *mdRenderer) block(n ast.Node, w int) []string {
	switch n := n.(type) {
	case *ast.Heading:
		return r.heading(n, w)
	case *ast.Paragraph, *ast.TextBlock:
		return r.th.wrapSpans(r.inlines(nil, n, inlineMarks{}), w)
	case *ast.List:
		return r.list(n, w)
	case *ast.FencedCodeBlock:
		return r.codeBlock(n, string(n.Language(r.src)), w)
	case *ast.CodeBlock, *ast.HTMLBlock:
		return r.codeBlock(n, "", w)
	case *ast.Blockquote:
		bar := paintOf(r.th.rule).on("│ ")
		return prefixed(r.children(n, w-2, true), bar, bar)
	case *ast.ThematicBreak:
		return []string{paintOf(r.th.rule).on(strings.Repeat("─", w))}
	case *east.Table:
		return r.table(n, w)
	}
	return r.children(n, w, true)
}

func (r *mdRenderer) heading(h *ast.Heading, w int) []string {
	role := [...]mdRole{roleH1, roleH2, roleH3, roleH4}[min(h.Level, 4)-1]
	spans := r.inlines(nil, h, inlineMarks{role: role})
	if h.Level > 1 {
		return r.th.wrapSpans(spans, w)
	}
	// The H1 is a banner: its ground reaches a cell beyond the text each side.
	pad := paintOf(r.th.h1).on(" ")
	lines := r.th.wrapSpans(spans, w-2)
	for i, l := range lines {
		lines[i] = pad + l + pad
	}
	return lines
}

// list renders each item under its bullet or number, its lines after the
// first hanging under the first one's text.
func (r *mdRenderer) list(l *ast.List, w int) []string {
	last := l.Start + l.ChildCount() - 1
	mw := 2
	if l.IsOrdered() {
		mw = len(strconv.Itoa(last)) + 2
	}
	var out []string
	n := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := bullet(listDepth(l))
		if l.IsOrdered() {
			marker = strconv.Itoa(n) + "."
			n++
		}
		marker = strings.Repeat(" ", mw-1-len([]rune(marker))) + marker + " "
		body := r.children(item, w-mw, !l.IsTight)
		if len(body) == 0 {
			body = []string{""}
		}
		if len(out) > 0 && !l.IsTight {
			out = append(out, "")
		}
		out = append(out, prefixed(body, paintOf(r.th.marker).on(marker), strings.Repeat(" ", mw))...)
	}
	return out
}

// bullet is the mark of an unordered list's items, one per level of nesting
// so a nested list reads as one.
func bullet(depth int) string {
	return [...]string{"•", "◦", "▪"}[depth%3]
}

func listDepth(n ast.Node) int {
	d := 0
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.List); ok {
			d++
		}
	}
	return d
}

// prefixed puts first before the first line and rest before the others; a
// blank line gets rest without its trailing spaces.
func prefixed(lines []string, first, rest string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		p := rest
		if i == 0 {
			p = first
		}
		if l == "" && i > 0 {
			p = strings.TrimRight(p, " ")
		}
		out[i] = p + l
	}
	return out
}
