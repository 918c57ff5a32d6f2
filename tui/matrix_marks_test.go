package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Every mark of what is out of sight says what it is and the arrow that
// shows it, whole: the corner read "13 more ▸" and the rule "↑ 3 more",
// more of what. With the cursor on each cell in turn, at 80x24 and 120x35,
// the corner counts the columns hidden on each side, the rule the
// strategies above, the line under the table the strategies below by
// name, and the summary keeps every count (at 80 columns it lost
// "! 1 could not run" off its end).
func TestMatrixMarksSayWhatIsOutOfSight(t *testing.T) {
	x, _, _ := fakeMatrix(t)
	st := newStyles(true, true, false)
	ids := make([]string, len(x.rows))
	for r, row := range x.rows {
		ids[r] = row.id
	}
	seen := map[string]bool{}
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		for i := range x.cells {
			x.cur = i
			view := ansi.Strip(x.view(st, func(int) string { return "" }, size[0], size[1]))
			lines := strings.Split(view, "\n")
			at := fmt.Sprintf("%dx%d, the cursor on %s × %s", size[0], size[1], x.cells[i].Strategy.ID, x.cells[i].Expect.Column())

			head := strings.Split(lines[1], "│")
			left, right := x.left, len(x.cols)-x.left-(len(head)-1)
			want := ""
			switch {
			case left > 0 && right > 0:
				want = fmt.Sprintf("columns ← %d · %d →", left, right)
			case left > 0:
				want = fmt.Sprintf("← %d more %s", left, columnWord(left))
			case right > 0:
				want = fmt.Sprintf("%d more %s →", right, columnWord(right))
			}
			if got := strings.TrimSpace(head[0]); got != want {
				t.Fatalf("%s: the corner says %q, want %q:\n%s", at, got, want, view)
			}
			seen["corner "+strings.Join(strings.Fields(strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return -1
				}
				return r
			}, want)), " ")] = true

			// The strategies on show, by the lines that name them.
			firstShown, lastShown := -1, -1
			for _, l := range lines {
				name := strings.Fields(strings.Split(l, "│")[0] + " ")
				if len(name) == 2 && name[1] == "got" {
					for r, id := range ids {
						if id == name[0] {
							lastShown = r
							if firstShown < 0 {
								firstShown = r
							}
						}
					}
				}
			}
			mark := strings.TrimRight(strings.Split(lines[2], "┼")[0], "─ ")
			switch {
			case x.top == 0 && mark != "":
				t.Fatalf("%s: the table is not scrolled, the rule says %q", at, mark)
			case x.top > 0 && firstShown == 0 && mark != "↑ more above":
				t.Fatalf("%s: the first strategy starts above, the rule says %q", at, mark)
			case x.top > 0 && firstShown > 0 && mark != fmt.Sprintf("↑ %d %s", firstShown, pluralY(firstShown)):
				t.Fatalf("%s: %d strategies above, the rule says %q", at, firstShown, mark)
			}
			if x.top > 0 {
				seen["above"] = true
			}

			var below string
			for _, l := range lines {
				if strings.HasPrefix(l, "↓") {
					below = strings.TrimSpace(l)
				}
			}
			if n := len(ids) - 1 - lastShown; n > 0 {
				names := strings.Join(ids[lastShown+1:], ", ")
				if !strings.Contains(below, fmt.Sprintf("%d more %s: %s", n, pluralY(n), names)) {
					t.Fatalf("%s: %d strategies below (%s), the line under the table says %q:\n%s", at, n, names, below, view)
				}
				seen["below"] = true
			} else if below != "" && below != "↓ more of "+ids[lastShown] {
				t.Fatalf("%s: only %s goes on below, the line under the table says %q", at, ids[lastShown], below)
			}

			var status string
			for _, l := range lines {
				if strings.Contains(l, "differ") && strings.HasPrefix(l, "──") {
					status = l
				}
			}
			for _, count := range []string{"61 runs", "= 59 as", "✗ 1 differ", "! 1 could not run"} {
				if !strings.Contains(status, count) {
					t.Fatalf("%s: the summary %q lost %q", at, status, count)
				}
			}
		}
	}
	for _, k := range []string{"corner columns ← · →", "corner more columns →", "corner ← more columns", "above", "below"} {
		if !seen[k] {
			t.Errorf("no screen showed the %s mark: the test proves less than it says (%v)", k, seen)
		}
	}
}

func columnWord(n int) string {
	if n == 1 {
		return "column"
	}
	return "columns"
}

func pluralY(n int) string {
	if n == 1 {
		return "strategy"
	}
	return "strategies"
}
