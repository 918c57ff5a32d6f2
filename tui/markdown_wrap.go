package tui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

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
			h = r.text[:firstRuneLen(r.text)]
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

func firstRuneLen(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	return n
}
