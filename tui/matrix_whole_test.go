package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// At 80x24 the matrix read "dualwrite run naive --seed 1 --fault
// 'commit=1*e…": a command a student copies, cut. For every cell, at 80 and
// 120 columns, the command is on screen whole and the title cuts nothing.
func TestMatrixCommandIsWhole(t *testing.T) {
	x, _, _ := fakeMatrix(t)
	st := newStyles(true, true, false)
	for i, c := range x.cells {
		x.cur = i
		sp, err := c.Spec()
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			view := ansi.Strip(x.view(st, func(int) string { return "" }, size[0], size[1]))
			lines := strings.Split(view, "\n")
			if strings.Contains(lines[0], "…") {
				t.Errorf("%dx%d: the title is cut: %q", size[0], size[1], lines[0])
			}
			var flat []string
			for _, l := range lines {
				flat = append(flat, strings.TrimSpace(l))
			}
			if !strings.Contains(strings.Join(flat, " "), sp.Command()) {
				t.Errorf("%dx%d: %s %v: the command %q is not whole:\n%s", size[0], size[1], c.Strategy.ID, c.Expect.Faults, sp.Command(), view)
			}
		}
	}
}
