package tui

import (
	"regexp"
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
// a tab on screen would break the pane's columns).
func renderMarkdown(k mdKey) []string {
	w := max(k.w, 20)
	r, err := glamour.NewTermRenderer(glamour.WithStyles(mdStyle(k.dark, k.mono)), glamour.WithWordWrap(w-1)) // Glamour can overshoot its wrap by a cell
	var out string
	if err == nil {
		out, err = r.Render(joinListLines(strings.ReplaceAll(k.src, "\t", "    ")))
	}
	if err != nil {
		// Never a blank screen: the page as written, wrapped, and why.
		return append(wrap("(the page could not be rendered: "+err.Error()+")", w), strings.Split(k.src, "\n")...)
	}
	lines := strings.Split(strings.TrimRight(out, "\n "), "\n")
	for len(lines) > 0 && strings.TrimSpace(xansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	for i, l := range lines {
		lines[i] = trimPadding(l)
	}
	return lines
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
