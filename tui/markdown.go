package tui

import (
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders a docs page for the terminal, word-wrapped to w cells, in
// the light or dark style of st, or without any colour when st is mono
// (NO_COLOR, or a terminal without colours). It returns the lines.
func markdown(st styles, src string, w int) []string {
	key := mdKey{src: src, w: w, dark: st.dark, mono: st.mono}
	mdCache.Lock()
	defer mdCache.Unlock()
	if key == mdCache.key && mdCache.lines != nil {
		return mdCache.lines
	}
	lines := renderMarkdown(st, key)
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

// mdParser is goldmark's CommonMark parser with GFM tables of our own: its
// table extension package compiles regular expressions for every process at
// start, whether or not a page is ever shown.
var mdParser = sync.OnceValue(func() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(append(parser.DefaultParagraphTransformers(),
			util.Prioritized(gfmTables{}, 200))...),
	)
})

func renderMarkdown(st styles, k mdKey) []string {
	w := max(k.w, 20)
	src := []byte(k.src)
	doc := mdParser().Parse(text.NewReader(src))
	r := &mdRenderer{th: newMDTheme(st), src: src}
	lines := r.children(doc, w, true)
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[len(lines)-1])) == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		// A guard: the pane's columns hold only if no line is wider than it.
		if width(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return lines
}
