package tui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/scenarios"
)

// homeColumn is the home screen's detail column, plain and trimmed, and
// its width.
func homeColumn(t *testing.T, h *harness) ([]string, int) {
	t.Helper()
	var out []string
	dw := 0
	for _, l := range strings.Split(h.screen(), "\n") {
		left, right, ok := strings.Cut(l, "│")
		if !ok {
			continue
		}
		dw = max(dw, width(l)-width(left)-2)
		out = append(out, strings.TrimRight(strings.TrimPrefix(right, " "), " "))
	}
	return out, dw
}

func isMark(l string) bool {
	return strings.HasPrefix(strings.TrimSpace(l), "↑") || strings.HasPrefix(strings.TrimSpace(l), "↓")
}

// pgdn on the home screen moved 5 lines, and the ↑N mark was drawn over the
// end of a line of the detail. Now pgdn moves a screenful less one line (the
// last line read comes first), and every line on show is a whole line of
// the detail or a mark of its own, down to the end.
func TestHomePageDownMovesAScreenfulAndHidesNothing(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		h := newHarness(t, Options{Base: baseConfig()}, size[0], size[1])
		all := scenarios.All()
		col, dw := homeColumn(t, h)
		var detail []string
		for _, l := range h.m.home.detail(h.m.st, all[0], dw) {
			detail = append(detail, strings.TrimRight(ansi.Strip(l), " "))
		}
		if len(detail) <= len(col) {
			t.Fatalf("%v: naive's detail (%d lines) fits the screen: nothing to scroll", size, len(detail))
		}
		at := 0 // index in detail of the first content line on show
		for page := 0; ; page++ {
			var content []string
			for _, l := range col {
				if !isMark(l) {
					content = append(content, l)
				}
			}
			for i, l := range content {
				if at+i >= len(detail) || l != detail[at+i] {
					t.Fatalf("%v page %d: line %d reads %q, want %q (the detail hidden or cut)", size, page, i, l, detail[min(at+i, len(detail)-1)])
				}
			}
			if last := col[len(col)-1]; !strings.Contains(last, "↓ more") {
				if at+len(content) != len(detail) {
					t.Fatalf("%v: the last page ends at line %d of %d", size, at+len(content), len(detail))
				}
				break
			}
			if page > 0 && !strings.Contains(col[0], "↑") {
				t.Errorf("%v page %d: no mark of the lines above", size, page)
			}
			h.press("pgdown")
			next, _ := homeColumn(t, h)
			var got []string
			for _, l := range next {
				if !isMark(l) {
					got = append(got, l)
				}
			}
			lastRead := content[len(content)-1]
			switch {
			case got[0] == lastRead:
				at += len(content) - 1
			case !strings.Contains(next[len(next)-1], "↓ more"):
				// The last page stops at the end of the detail, with the
				// last line read still on show.
				k := slices.Index(got, lastRead)
				if k < 0 {
					t.Fatalf("%v: pgdn to the end lost the last line read, %q", size, lastRead)
				}
				at += len(content) - 1 - k
			default:
				t.Fatalf("%v: after pgdn the first line is %q, want the last line read, %q", size, got[0], lastRead)
			}
			col = next
		}
		h.press("pgup")
		if h.m.home.scroll == 0 && len(detail) > 2*len(col) {
			t.Errorf("%v: pgup went back to the top from the end of a long detail", size)
		}
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
	}
}
