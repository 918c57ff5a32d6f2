package tui

import (
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/words"
)

// The matrix's corner read "13 more ▸" and "◂ 2 · 12 ▸", its rule "↑ 3
// more": more of what, a student asked. Each mark says what is out of sight
// (columns of faults, strategies), and the arrow says the key that shows it.

// columnsAside is the corner's mark of the columns out of sight: left of
// the first on show and right of the last.
func columnsAside(left, right int) string {
	switch {
	case left > 0 && right > 0:
		return fmt.Sprintf("columns ← %d · %d →", left, right)
	case left > 0:
		return "← " + words.Count(left, "more column", "more columns")
	case right > 0:
		return words.Count(right, "more column", "more columns") + " →"
	}
	return ""
}

// widestAside is the widest corner n columns can need: the corner is as
// wide as the strategies' names, and a mark is never cut.
func widestAside(n int) int {
	w := 0
	for l := 0; l < n; l++ {
		for r := 0; l+r < n; r++ {
			w = max(w, width(columnsAside(l, r)))
		}
	}
	return w
}

// strategiesAbove is the mark on the rule under the head when the table is
// scrolled down: the strategies wholly above, or, where the first on show
// starts above, that there is more of it.
func strategiesAbove(n int) string {
	if n == 0 {
		return "↑ more above"
	}
	return "↑ " + words.Count(n, "strategy", "strategies")
}

// strategiesBelow is the line under the table when not all of it fits: the
// strategy whose lines go on below, then the strategies below, by name
// where the names fit in w.
func strategiesBelow(continued string, below []string, w int) string {
	var texts []string
	var more string
	if len(below) > 0 {
		more = words.Count(len(below), "more strategy", "more strategies")
	}
	head := "↓ "
	if continued != "" {
		head += "more of " + continued
		if more != "" {
			head += " · "
		}
	}
	if more != "" {
		texts = append(texts, head+more+": "+strings.Join(below, ", "), head+more)
	} else {
		texts = append(texts, head)
	}
	if s := fitWhole(texts, w); s != "" {
		return s
	}
	return cut(texts[len(texts)-1], w)
}

// summary is the matrix's count once its runs are done, in words that fit
// in w: at 80 columns "! 1 could not run" was cut off the end of the rule.
// The counts are never left out; the time, how many went at once and the
// catalog's name are, in that order, where they do not fit.
func (x *matrixScreen) summary(st styles, w int) string {
	var last string
	for _, v := range []struct{ atOnce, took, catalog bool }{
		{true, true, true}, {false, true, true}, {false, true, false}, {false, false, false},
	} {
		last = x.summaryIn(st, v.atOnce, v.took, v.catalog)
		if width(last) <= w {
			return last
		}
	}
	return last
}

func (x *matrixScreen) summaryIn(st styles, atOnce, took, catalog bool) string {
	met := x.filled - x.differ - x.failed
	head := words.Count(x.filled, "run", "runs")
	if took {
		head += " in " + roundDuration(x.elapsed)
	}
	if atOnce {
		head += ", " + x.mr.atOnce()
	}
	expects := "as expected"
	if catalog {
		expects = "as the catalog expects"
	}
	sum := st.text.Render(head+": ") + st.asExpected.Render(fmt.Sprintf("= %d %s", met, expects))
	bad := st.good
	if x.differ > 0 {
		bad = st.bad
	}
	sum += st.text.Render(", ") + bad.Render(fmt.Sprintf("✗ %d differ", x.differ))
	if x.failed > 0 {
		sum += st.text.Render(", ") + st.bad.Render(fmt.Sprintf("! %d could not run", x.failed))
	}
	if n := len(x.cells) - x.filled; n > 0 {
		sum += st.text.Render(", ") + st.bad.Render(fmt.Sprintf("%d not run", n))
	}
	return sum
}
