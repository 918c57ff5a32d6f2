package tui

import (
	"strings"

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
