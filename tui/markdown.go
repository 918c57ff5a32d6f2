package tui

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	glamstyles "charm.land/glamour/v2/styles"
	xansi "github.com/charmbracelet/x/ansi"
)

// markdown renders a docs page for the terminal with Glamour, word-wrapped to
// w cells, in the light or dark style of st, or without any colour when st is
// mono (NO_COLOR, or a terminal without colours). It returns the lines.
func markdown(st styles, src string, w int) []string {
	key := mdKey{src: src, w: w, dark: st.dark, mono: st.mono}
	mdCache.Lock()
	defer mdCache.Unlock()
	if key == mdCache.key && mdCache.lines != nil {
		return mdCache.lines
	}
	lines := renderMarkdown(key)
	mdCache.key, mdCache.lines = key, lines
	return lines
}

// mdKey is what a rendering depends on. One page is on show at a time and the
// screen is drawn on every key, so the last rendering is kept.
type mdKey struct {
	src        string
	w          int
	dark, mono bool
}

var mdCache struct {
	sync.Mutex
	key   mdKey
	lines []string
}

// renderMarkdown renders with tabs expanded (the pages quote gofmt'd Go, and
// a tab on screen would break the pane's columns). Code blocks are rendered
// apart, unwrapped, and then wrapped here with a mark on each continued
// line: Glamour wrapped them as prose, and a Go signature ended on a lone
// "error {" line that read as a line of its own.
func renderMarkdown(k mdKey) []string {
	w := max(k.w, 20)
	src, blocks := takeCodeBlocks(joinListLines(strings.ReplaceAll(k.src, "\t", "    ")))
	lines, err := glamourLines(k, src, w-1) // Glamour can overshoot its wrap by a cell
	if err != nil {
		// Never a blank screen: the page as written, wrapped, and why.
		return append(wrap("(the page could not be rendered: "+err.Error()+")", w), strings.Split(k.src, "\n")...)
	}
	var out []string
	for _, l := range lines {
		n, ok := codeToken(l)
		if !ok || n >= len(blocks) {
			out = append(out, l)
			continue
		}
		indent := len(xansi.Strip(l)) - len(strings.TrimLeft(xansi.Strip(l), " "))
		code, err := glamourLines(k, blocks[n], widest(blocks[n])+8)
		if err != nil {
			code = strings.Split(blocks[n], "\n")
		}
		for _, c := range code {
			out = append(out, wrapCode(strings.Repeat(" ", indent)+c, w)...)
		}
	}
	return out
}

// glamourLines renders Markdown with Glamour at a wrap width, without the
// blank lines at the top and the padding at the right.
func glamourLines(k mdKey, src string, wrapAt int) ([]string, error) {
	r, err := glamour.NewTermRenderer(glamour.WithStyles(mdStyle(k.dark, k.mono)), glamour.WithWordWrap(wrapAt))
	if err != nil {
		return nil, err
	}
	out, err := r.Render(src)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(out, "\n "), "\n")
	for len(lines) > 0 && strings.TrimSpace(xansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	for i, l := range lines {
		lines[i] = trimPadding(l)
	}
	return lines, nil
}

// takeCodeBlocks puts a token paragraph in the place of each fenced code
// block, and returns the blocks, fences included.
func takeCodeBlocks(src string) (string, []string) {
	var out, block []string
	var blocks []string
	fenced := false
	for _, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case !fenced && strings.HasPrefix(t, "```"):
			fenced, block = true, []string{t}
		case fenced && strings.HasPrefix(t, "```"):
			fenced = false
			indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
			out = append(out, indent+codeTokenText(len(blocks)))
			blocks = append(blocks, strings.Join(append(block, t), "\n"))
		case fenced:
			block = append(block, l)
		default:
			out = append(out, l)
		}
	}
	if fenced { // an unclosed fence runs to the end, as Markdown has it
		out = append(out, codeTokenText(len(blocks)))
		blocks = append(blocks, strings.Join(block, "\n"))
	}
	return strings.Join(out, "\n"), blocks
}

func codeTokenText(n int) string { return "DWCODEBLOCK" + strconv.Itoa(n) + "X" }

var codeTokenRE = regexp.MustCompile(`^\s*DWCODEBLOCK([0-9]+)X\s*$`)

// codeToken reports which code block a rendered line stands for.
func codeToken(l string) (int, bool) {
	m := codeTokenRE.FindStringSubmatch(xansi.Strip(l))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

func widest(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, width(l))
	}
	return n
}

// codeCont marks a line of code continued from the line above.
const codeCont = "↪ "

// wrapCode wraps a rendered line of code to w cells, at a space where one
// is near, each continued part on a line of its own that starts with the
// mark, indented under the line's own indentation.
func wrapCode(l string, w int) []string {
	plain := xansi.Strip(l)
	if width(plain) <= w {
		return []string{l}
	}
	ind := len(plain) - len(strings.TrimLeft(plain, " "))
	contInd := min(ind+2, w/2)
	var out []string
	from, first := 0, true
	total := width(plain)
	for from < total {
		room := w
		if !first {
			room = w - contInd - width(codeCont)
		}
		to := min(from+room, total)
		if to < total {
			// Break after the last space in the second half of the room.
			seg := []rune(xansi.Strip(xansi.Cut(l, from, to)))
			for i := len(seg) - 1; i > len(seg)/2; i-- {
				if seg[i] == ' ' {
					to = from + width(string(seg[:i+1]))
					break
				}
			}
		}
		part := trimPadding(xansi.Cut(l, from, to))
		if first {
			out = append(out, part)
		} else {
			out = append(out, strings.Repeat(" ", contInd)+"\x1b[2m"+codeCont+"\x1b[22m"+trimLeftCells(part))
		}
		first = false
		from = to
	}
	return out
}

// trimLeftCells drops the spaces a continued part starts with.
func trimLeftCells(s string) string {
	lead := len(xansi.Strip(s)) - len(strings.TrimLeft(xansi.Strip(s), " "))
	return xansi.Cut(s, lead, width(s))
}

// trimPadding drops the spaces Glamour pads every line with to the full
// width, keeping the styles of the visible text.
func trimPadding(l string) string {
	l = xansi.Truncate(l, xansi.StringWidth(strings.TrimRight(xansi.Strip(l), " \u00a0")), "")
	return noopSGR.ReplaceAllString(l, "\x1b[m")
}

// noopSGR is a run of styles undone before any text is written in them.
var noopSGR = regexp.MustCompile(`(?:\x1b\[[0-9;]*m)*\x1b\[0?m`)

var listItem = regexp.MustCompile(`^\s*([-*+]|\d+\.)\s+\S`)

// joinListLines joins the lines a list item is wrapped on in the source into
// one: Glamour keeps a line break inside a list item as it is, where it
// reflows a paragraph, so a page wrapped at 76 columns would show ragged
// items in a narrower pane.
func joinListLines(src string) string {
	lines := strings.Split(src, "\n")
	var out []string
	fenced, inItem := false, false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "```"):
			fenced = !fenced
			inItem = false
		case fenced:
		case t == "":
			inItem = false
		case listItem.MatchString(l):
			inItem = true
		case inItem && (l[0] == ' ' || l[0] == '\t'):
			out[len(out)-1] += " " + t
			continue
		default:
			inItem = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// mdStyle is Glamour's dark or light style, or for mono a style with
// attributes only (bold, italic, underline) and no Markdown marks left on
// screen. The page sits in the docs pane, which has its own margin.
func mdStyle(dark, mono bool) ansi.StyleConfig {
	var c ansi.StyleConfig
	switch {
	case mono:
		c = glamstyles.NoTTYStyleConfig
		yes := true
		c.Strong = ansi.StylePrimitive{Bold: &yes}
		c.Emph = ansi.StylePrimitive{Italic: &yes}
		c.Code = ansi.StyleBlock{StylePrimitive: ansi.StylePrimitive{Bold: &yes}}
		c.H1.StylePrimitive.Bold, c.H1.Inverse = &yes, &yes
		c.H2.StylePrimitive.Bold, c.H2.Underline = &yes, &yes
		c.Heading.StylePrimitive.Bold = &yes
	case dark:
		c = glamstyles.DarkStyleConfig
	default:
		c = glamstyles.LightStyleConfig
	}
	// A heading shows as a heading, not as the Markdown that makes it.
	for _, h := range []*ansi.StyleBlock{&c.H2, &c.H3, &c.H4, &c.H5, &c.H6} {
		h.Prefix = ""
	}
	if mono {
		c.H1.Prefix = ""
	}
	zero := uint(0)
	c.Document.Margin = &zero
	c.Document.BlockPrefix, c.Document.BlockSuffix = "", ""
	return c
}
