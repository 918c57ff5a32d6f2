package tui

import (
	"strings"
	"testing"
)

// TestDocsPageDownMovesAScreenful: pgdn moves a docs page by what the screen
// shows, less one line kept for context, and pgup back: at 80x24, the last
// line of one screen is the first of the next.
func TestDocsPageDownMovesAScreenful(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 80, 24)
	h.press("d")
	h.contains("docs/naive.md")
	body := func() []string {
		lines := strings.Split(h.screen(), "\n")
		return lines[1 : len(lines)-1] // the title and the key line aside
	}
	first := body()
	h.press("pgdown")
	second := body()
	if h.m.docs.scroll != docsBodyH(24)-1 {
		t.Fatalf("pgdn scrolled %d lines, want %d", h.m.docs.scroll, docsBodyH(24)-1)
	}
	if last := strings.TrimSpace(first[len(first)-1]); strings.TrimSpace(second[0]) != last {
		t.Errorf("the next screen starts with %q, want the last line before it, %q", second[0], last)
	}
	h.press("pgup")
	if h.m.docs.scroll != 0 {
		t.Errorf("pgup after pgdn: scroll %d, want 0", h.m.docs.scroll)
	}
}
