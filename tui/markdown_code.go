package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
)

// codeIndent sets a code block off from the text around it.
const codeIndent = "  "

// codeBlock shows a block's lines verbatim, never reflowed: tabs expanded to
// 4 columns (the pages quote gofmt'd Go), and a line wider than the pane
// continued on the next behind a mark, so nothing a student may type is
// hidden and no line breaks the pane.
func (r *mdRenderer) codeBlock(n ast.Node, lang string, w int) []string {
	avail := max(w-len(codeIndent), 4)
	cont := paintOf(r.th.cont).on("↪ ")
	var out []string
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := expandTabs(strings.TrimRight(string(seg.Value(r.src)), "\r\n"))
		rs := highlight(codeLanguage(lang), line)
		prefix, lw := codeIndent, avail
		for {
			if runsWidth(rs) <= lw {
				out = append(out, prefix+r.th.paintCode(rs))
				break
			}
			var head []mdRun[codeClass]
			head, rs = cutRuns(rs, codeBreak(rs, lw))
			out = append(out, prefix+r.th.paintCode(head))
			// A continuation keeps the line's own indent, so the code's shape shows.
			lead := min(len(line)-len(strings.TrimLeft(line, " ")), avail/2)
			prefix, lw = codeIndent+strings.Repeat(" ", lead)+cont, avail-2-lead
		}
	}
	return out
}

// codeBreak is where to continue a line too wide: after its last space in
// the second half of the width, else at the width.
func codeBreak(rs []mdRun[codeClass], w int) int {
	return breakAfter(rs, w, " ")
}

func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col += ansi.StringWidth(string(r))
	}
	return b.String()
}

func (th *mdTheme) paintCode(rs []mdRun[codeClass]) string {
	return paintRuns(rs, func(c codeClass) paint { return th.codePaints[c] })
}
