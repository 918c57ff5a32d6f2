package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// mdRole is the kind of block a run of inline text sits in.
type mdRole uint8

const (
	roleText mdRole = iota
	roleH1
	roleH2
	roleH3
	roleH4
	roleTableHead
)

// inlineMarks say how a run of inline text is drawn: its block's role and the
// Markdown around it.
type inlineMarks struct {
	role                          mdRole
	strong, emph, code, link, url bool
}

// mdRun is text drawn in one style, named by a comparable key.
type mdRun[K comparable] struct {
	text string
	key  K
}

// mdSpan is a run of inline text, or a hard line break.
type mdSpan struct {
	mdRun[inlineMarks]
	br bool
}

func textSpan(s string, m inlineMarks) mdSpan { return mdSpan{mdRun: mdRun[inlineMarks]{s, m}} }

// inlines are the inline children of n as spans, with the marks m around them.
func (r *mdRenderer) inlines(out []mdSpan, n ast.Node, m inlineMarks) []mdSpan {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(r.src)
			if !c.IsRaw() {
				v = util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(v)))
			}
			out = appendLinkified(out, string(v), m)
			switch {
			case c.HardLineBreak():
				out = append(out, mdSpan{br: true})
			case c.SoftLineBreak():
				out = append(out, textSpan(" ", m))
			}
		case *ast.String:
			out = append(out, textSpan(string(c.Value), m))
		case *ast.CodeSpan:
			cm := m
			cm.code = true
			var b strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				switch t := t.(type) {
				case *ast.Text:
					b.Write(t.Segment.Value(r.src))
				case *ast.String:
					b.Write(t.Value)
				}
			}
			out = append(out, textSpan(strings.ReplaceAll(b.String(), "\n", " "), cm))
		case *ast.Emphasis:
			em := m
			if c.Level >= 2 {
				em.strong = true
			} else {
				em.emph = true
			}
			out = r.inlines(out, c, em)
		case *ast.Link:
			lm := m
			lm.link = true
			start := len(out)
			out = r.inlines(out, c, lm)
			out = r.address(out, string(c.Destination), plainSpans(out[start:]), m)
		case *ast.Image:
			lm := m
			lm.link = true
			out = append(out, textSpan("image: ", m))
			out = r.inlines(out, c, lm)
			out = r.address(out, string(c.Destination), "", m)
		case *ast.AutoLink:
			um := m
			um.url = true
			out = append(out, textSpan(string(c.Label(r.src)), um))
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				out = append(out, textSpan(strings.ReplaceAll(string(seg.Value(r.src)), "\n", " "), m))
			}
		default:
			out = r.inlines(out, c, m)
		}
	}
	return out
}

// appendLinkified appends text, its bare web addresses drawn as addresses
// (GFM's autolinks without the extension's start-up cost).
func appendLinkified(out []mdSpan, s string, m inlineMarks) []mdSpan {
	um := m
	um.url = true
	for {
		i := strings.Index(s, "http")
		if i < 0 || !(strings.HasPrefix(s[i:], "https://") || strings.HasPrefix(s[i:], "http://")) {
			if i >= 0 {
				out = append(out, textSpan(s[:i+4], m))
				s = s[i+4:]
				continue
			}
			return append(out, textSpan(s, m))
		}
		end := i + strings.IndexAny(s[i:]+" ", " \t\n")
		end = i + len(strings.TrimRight(s[i:end], ".,;:)"))
		out = append(out, textSpan(s[:i], m), textSpan(s[i:end], um))
		s = s[end:]
	}
}

// address follows a link's text with its address, when the text is not the
// address already, so a student can still type it.
func (r *mdRenderer) address(out []mdSpan, dest, text string, m inlineMarks) []mdSpan {
	if dest == "" || dest == text {
		return out
	}
	um := m
	um.url = true
	return append(out, textSpan(" (", m), textSpan(dest, um), textSpan(")", m))
}

func plainSpans(ss []mdSpan) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.text)
	}
	return b.String()
}

// wrapSpans lays spans out on lines of at most w cells, breaking at spaces,
// and inside a word only when the word alone is wider than w. Each line
// opens and closes its own styles, so a line can stand anywhere.
func (th *mdTheme) wrapSpans(spans []mdSpan, w int) []string {
	w = max(w, 1)
	var lines []string
	var line []mdRun[inlineMarks]
	lineW := 0
	flush := func() {
		lines = append(lines, th.paintInline(line))
		line, lineW = nil, 0
	}
	var word []mdRun[inlineMarks]
	var space *inlineMarks // the space before word, if any
	place := func() {
		if len(word) == 0 {
			return
		}
		ww := runsWidth(word)
		if lineW > 0 && space != nil && lineW+1+ww <= w {
			line = append(line, mdRun[inlineMarks]{" ", *space})
			line, lineW = append(line, word...), lineW+1+ww
		} else {
			if lineW > 0 {
				flush()
			}
			for ww > w {
				var head []mdRun[inlineMarks]
				head, word = cutRuns(word, wordBreak(word, w))
				line = head
				flush()
				ww = runsWidth(word)
			}
			line, lineW = append(line, word...), ww
		}
		word, space = nil, nil
	}
	for _, s := range spans {
		if s.br {
			place()
			flush()
			continue
		}
		for i, part := range strings.Split(s.text, " ") {
			if i > 0 {
				place()
				m := s.key
				space = &m
			}
			if part != "" {
				word = append(word, mdRun[inlineMarks]{part, s.key})
			}
		}
	}
	place()
	if lineW > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// wordBreak is where to break a word wider than w: after its last slash or
// hyphen in the second half of the width, so an address breaks between its
// parts, else at the width.
func wordBreak(rs []mdRun[inlineMarks], w int) int {
	return breakAfter(rs, w, "/-")
}

// breakAfter is the width of the longest head of rs, at most w cells and at
// least half of w, that ends in one of the bytes of seps; else w.
func breakAfter[K comparable](rs []mdRun[K], w int, seps string) int {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.text)
	}
	head := ansi.Truncate(b.String(), w, "")
	if i := strings.LastIndexAny(head, seps); i >= 0 && ansi.StringWidth(head[:i+1]) >= w/2 {
		return ansi.StringWidth(head[:i+1])
	}
	return w
}

func runsWidth[K comparable](rs []mdRun[K]) int {
	n := 0
	for _, r := range rs {
		n += ansi.StringWidth(r.text)
	}
	return n
}

// cutRuns splits runs after w cells: at least one character goes first, so a
// character wider than w cannot stall the caller.
func cutRuns[K comparable](rs []mdRun[K], w int) (head, tail []mdRun[K]) {
	left := w
	for i, r := range rs {
		rw := ansi.StringWidth(r.text)
		if rw <= left {
			head, left = append(head, r), left-rw
			continue
		}
		h := ansi.Truncate(r.text, left, "")
		if h == "" && len(head) == 0 {
			_, size := firstRune(r.text)
			h = r.text[:size]
		}
		if h != "" {
			head = append(head, mdRun[K]{h, r.key})
		}
		tail = append([]mdRun[K]{{r.text[len(h):], r.key}}, rs[i+1:]...)
		if tail[0].text == "" {
			tail = tail[1:]
		}
		return head, tail
	}
	return head, nil
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i > 0 {
			return r, i
		}
	}
	return 0, len(s)
}

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
