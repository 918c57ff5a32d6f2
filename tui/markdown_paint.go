package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// paintInline draws runs, joining neighbours of the same style into one.
func (th *mdTheme) paintInline(rs []mdRun[inlineMarks]) string {
	return paintRuns(rs, th.inlinePaint)
}

func paintRuns[K comparable](rs []mdRun[K], paintOf func(K) paint) string {
	var b strings.Builder
	for i := 0; i < len(rs); {
		p := paintOf(rs[i].key)
		b.WriteString(p.open)
		j := i
		for ; j < len(rs) && rs[j].key == rs[i].key; j++ {
			b.WriteString(rs[j].text)
		}
		b.WriteString(p.close)
		i = j
	}
	return b.String()
}

// paint is a style as the sequences that open and close it. Lipgloss draws
// an underlined text one character at a time, so a page is painted with
// the sequences of each style, found once.
type paint struct{ open, close string }

func paintOf(st lipgloss.Style) paint {
	s := st.Render("x")
	i := strings.Index(s, "x")
	return paint{s[:i], s[i+1:]}
}

func (p paint) on(s string) string { return p.open + s + p.close }

// inlinePaint is how text with marks m is drawn; plain text is left in the
// terminal's own colour.
func (th *mdTheme) inlinePaint(m inlineMarks) paint {
	if m == (inlineMarks{}) {
		return paint{}
	}
	if p, ok := th.paints[m]; ok {
		return p
	}
	s := lipgloss.NewStyle()
	switch m.role {
	case roleH1:
		s = th.h1
	case roleH2:
		s = th.h2
	case roleH3:
		s = th.h3
	case roleH4:
		s = th.h4
	case roleTableHead:
		s = th.tableHead
	}
	switch {
	case m.code:
		s = th.code.Bold(m.role != roleText)
	case m.url:
		s = th.url
	case m.link:
		s = th.link
	}
	if m.strong {
		s = s.Bold(true)
	}
	if m.emph {
		s = s.Italic(true)
	}
	p := paintOf(s)
	th.paints[m] = p
	return p
}
