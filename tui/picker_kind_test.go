package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/faults"
)

// The picker's second column (between, commit, apply: the kind of a point)
// was never explained. It has a head, and the point under the cursor says
// in plain words what its kind means and which faults can strike there,
// whole, with the cursor's row in sight, at 80x24 as at 120x35.
func TestPickerExplainsTheKindColumn(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		h := newHarness(t, Options{Run: startRun(t, "outbox", 1), Base: baseConfig()}, size[0], size[1])
		h.idle()
		h.press("f")
		if !strings.Contains(squash(pickerPane(h.screen())), "pointkind") {
			t.Errorf("%v: the picker's columns have no head:\n%s", size, h.screen())
		}
		p := h.run().picker
		kinds := map[faults.Kind]bool{}
		for i := 0; i < len(p.points); i++ {
			q := p.points[i]
			if isSwitch(q) {
				break
			}
			kinds[q.Kind] = true
			screen := pickerPane(h.screen())
			if !strings.Contains(screen, "▸ "+q.Name) {
				t.Errorf("%v: the cursor's row %s is out of sight:\n%s", size, q.Name, screen)
			}
			var acts []string
			for _, a := range q.Kind.Actions() {
				acts = append(acts, string(a))
			}
			s := squash(screen)
			for _, want := range append([]string{"kind" + q.Kind.String() + ":apoint", "canstrikethere"}, acts...) {
				if !strings.Contains(s, want) {
					t.Errorf("%v: at %s the picker does not say %q:\n%s", size, q.Name, want, screen)
				}
			}
			h.press("down")
		}
		if len(kinds) < 4 {
			t.Errorf("%v: outbox's points show only the kinds %v", size, kinds)
		}
	}
}

// Every kind has words of its own.
func TestEveryPointKindHasWords(t *testing.T) {
	for k := faults.Between; k <= faults.Reply; k++ {
		if w := pointKindWords(faults.Point{Kind: k}); strings.Contains(w, "a point ;") || !strings.HasSuffix(w, "can strike there") {
			t.Errorf("kind %s reads %q", k, w)
		}
	}
}

// pickerPane is the picker's pane of a run screen: the column its title
// starts in, to the right edge.
func pickerPane(screen string) string {
	lines := strings.Split(screen, "\n")
	col := -1
	for _, l := range lines {
		if i := strings.Index(l, "⚡ arm a fault"); i >= 0 {
			col = width(l[:i])
			break
		}
	}
	if col < 0 {
		return ""
	}
	var out []string
	for _, l := range lines {
		out = append(out, ansi.Cut(l, col, width(l)))
	}
	return strings.Join(out, "\n")
}
