package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The screens are built from blocks: slices of lines that each fill exactly
// their width, so columns can be joined line by line and nothing wraps by
// accident.

// width is the number of cells s takes on screen.
func width(s string) int { return ansi.StringWidth(s) }

// fit cuts s to w cells, marking a cut with "…", and pads it to w.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	if pad := w - width(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// cut cuts s to w cells without padding.
func cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return s
}

// cutWords shortens plain text to w cells on a whole word, marked "…": a
// detail that read "INSERT INTO shipments o-1 (p…" or "182.…" named a word
// or a number that was not there. Only a first word longer than w is cut
// inside.
func cutWords(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) <= w {
		return s
	}
	best := ""
	for i, r := range s {
		if r != ' ' {
			continue
		}
		head := strings.TrimRight(s[:i], " ,;:(")
		if width(head)+1 > w {
			break
		}
		best = head
	}
	if best == "" {
		return ansi.Truncate(s, w, "…")
	}
	return best + "…"
}

// block fits every line to w and the number of lines to h.
func block(lines []string, w, h int) []string {
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			out[i] = fit(lines[i], w)
		} else {
			out[i] = strings.Repeat(" ", w)
		}
	}
	return out
}

// beside joins blocks of equal height side by side with a separator.
func beside(sep string, blocks ...[]string) []string {
	h := 0
	for _, b := range blocks {
		h = max(h, len(b))
	}
	out := make([]string, h)
	for i := range out {
		var sb strings.Builder
		for j, b := range blocks {
			if j > 0 {
				sb.WriteString(sep)
			}
			if i < len(b) {
				sb.WriteString(b[i])
			}
		}
		out[i] = sb.String()
	}
	return out
}

// wrap wraps plain text to w cells, breaking long words.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	// A hyphen is a break point to ansi.Wrap: a fault point's name, the
	// thing a student types, read "relay.after-" on one line and "publish"
	// on the next. Hyphens are held as non-breaking ones while wrapping.
	lines := strings.Split(ansi.Wrap(strings.ReplaceAll(s, "-", nbHyphen), w, ""), "\n")
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, nbHyphen, "-")
	}
	return lines
}

const nbHyphen = "\u2011"

// wrapUnits joins units with sep and wraps them, breaking only between
// units: a key line read "esc:" at the end of one line and "home" on the
// next.
func wrapUnits(units []string, sep string, w int) []string {
	held := make([]string, len(units))
	for i, u := range units {
		held[i] = strings.ReplaceAll(u, " ", nbsp)
	}
	lines := wrap(strings.Join(held, sep), w)
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, nbsp, " ")
	}
	return lines
}

const nbsp = "\u00a0"

// hang wraps text to w cells after a first-line prefix, indenting the
// following lines under the text.
func hang(prefix, text string, w int) []string {
	pw := width(prefix)
	lines := wrap(text, max(w-pw, 8))
	out := make([]string, len(lines))
	for i, l := range lines {
		if i == 0 {
			out[i] = prefix + l
		} else {
			out[i] = strings.Repeat(" ", pw) + l
		}
	}
	return out
}

// spread puts left and right on one line of w cells, right-aligned, cutting
// the left part first when both do not fit.
func spread(left, right string, w int) string {
	rw := width(right)
	if rw >= w {
		return cut(right, w)
	}
	lw := w - rw - 1
	return fit(left, lw) + " " + right
}

// rule is a horizontal line of w cells with an optional label.
func rule(st lipgloss.Style, label string, w int) string {
	if label == "" {
		return st.Render(strings.Repeat("─", w))
	}
	l := "── " + label + " "
	if width(l) >= w {
		return cut(l, w)
	}
	return st.Render("── ") + label + " " + st.Render(strings.Repeat("─", w-width(l)))
}
