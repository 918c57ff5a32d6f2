package tui

import (
	"regexp"
	"strings"
)

// markdown renders the small Markdown of the docs pages for the terminal:
// headings, paragraphs wrapped to the width, lists, code blocks and tables
// kept as they are. Inline marks are dropped; code spans are kept in
// backticks' place as they read well in a terminal.
func markdown(st styles, src string, w int) []string {
	var out []string
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, wrap(inline(strings.Join(para, " ")), w)...)
			out = append(out, "")
			para = nil
		}
	}
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "```"):
			flush()
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
				out = append(out, st.code.Render(cut("  "+strings.ReplaceAll(lines[i], "\t", "    "), w)))
			}
			out = append(out, "")
		case strings.HasPrefix(l, "    ") && len(para) == 0:
			out = append(out, st.code.Render(cut(l, w)))
			if i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "    ") {
				out = append(out, "")
			}
		case strings.HasPrefix(t, "#"):
			flush()
			level := len(t) - len(strings.TrimLeft(t, "#"))
			text := strings.TrimSpace(strings.TrimLeft(t, "#"))
			if level == 1 {
				out = append(out, st.title.Render(cut(text, w)), st.rule.Render(strings.Repeat("─", min(width(text), w))))
			} else {
				out = append(out, st.panelHead.Render(cut(text, w)))
			}
			out = append(out, "")
		case strings.HasPrefix(t, "|"):
			flush()
			if strings.Trim(t, "|-: ") == "" {
				continue
			}
			cells := strings.Split(strings.Trim(t, "|"), "|")
			for j := range cells {
				cells[j] = inline(strings.TrimSpace(cells[j]))
			}
			out = append(out, cut("  "+fit(cells[0], 16)+" "+strings.Join(cells[1:], "  "), w))
			if i+1 >= len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[i+1]), "|") {
				out = append(out, "")
			}
		case listItem.MatchString(t):
			flush()
			m := listItem.FindStringSubmatch(t)
			text := m[2]
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "  ") && strings.TrimSpace(lines[i+1]) != "" && !listItem.MatchString(strings.TrimSpace(lines[i+1])) {
				i++
				text += " " + strings.TrimSpace(lines[i])
			}
			bullet := "• "
			if m[1] != "-" && m[1] != "*" {
				bullet = m[1] + " "
			}
			out = append(out, hang("  "+bullet, inline(text), w)...)
			if i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) == "" {
				out = append(out, "")
			}
		case t == "":
			flush()
		default:
			para = append(para, t)
		}
	}
	flush()
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

var (
	listItem = regexp.MustCompile(`^([-*]|\d+\.)\s+(.*)$`)
	strong   = regexp.MustCompile(`\*\*([^*]+)\*\*`)
)

func inline(s string) string {
	return strong.ReplaceAllString(s, "$1")
}
