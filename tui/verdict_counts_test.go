package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
)

// The verdict's count line was cut at the width the badge left it: with
// two-digit counts and double orders, 80 columns read "double-…". Every
// count is on screen whole, wrapped between counts, at 80 and 120 columns
// and in a narrow pane.
func TestVerdictCountsAreWhole(t *testing.T) {
	st := newStyles(true, true, false)
	rep := &lab.Report{}
	rep.Anomalies = check.Anomalies{Lost: 120, Ghost: 340, Duplicate: 560, Reordered: 780, DoubleOrder: 990}
	for _, w := range []int{40, 80, 120} {
		plain := ansi.Strip(strings.Join(verdictLines(st, rep, w), "\n"))
		for _, want := range []string{"INCONSISTENT", "lost 120", "ghost 340", "duplicate 560", "reordered 780", "double-order 990"} {
			if !strings.Contains(plain, want) {
				t.Errorf("%d cells: %q is not whole:\n%s", w, want, plain)
			}
		}
		for _, l := range strings.Split(plain, "\n") {
			if width(l) > w {
				t.Errorf("%d cells: a line of %d cells: %q", w, width(l), l)
			}
		}
	}
}
