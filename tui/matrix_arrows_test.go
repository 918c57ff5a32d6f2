package tui

import (
	"regexp"
	"strings"
	"testing"
)

// The head's "N more columns →" and "← N more columns" promise columns on that side: from every cell
// the arrow towards them moves the cursor to a column on that side, even
// where the cursor's own strategy has no cell there.
func TestMatrixArrowsKeepTheHeadsPromise(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 80, 24)
	x, _, _ := fakeMatrix(t)
	h.m.matrix, h.m.state = x, stateMatrix
	more := regexp.MustCompile(`\d+ more columns? →|columns ← \d+ · \d+ →`)
	less := regexp.MustCompile(`← \d+ more columns?|columns ← \d+ · \d+ →`)
	promised := 0
	for i := range x.cells {
		for _, d := range []struct {
			key  string
			sign int
			head *regexp.Regexp
		}{{"right", 1, more}, {"left", -1, less}} {
			x.cur = i
			head := strings.SplitN(h.screen(), "\n", 3)[1]
			if !d.head.MatchString(head) {
				continue
			}
			promised++
			col := x.col[x.cur]
			h.press(d.key)
			if (x.col[x.cur]-col)*d.sign <= 0 {
				c := x.cells[i]
				t.Fatalf("head %q promises columns, but %s from %s × %s stays in its column:\n%s",
					strings.TrimSpace(head), d.key, c.Strategy.ID, c.Expect.Column(), h.screen())
			}
		}
	}
	if promised == 0 {
		t.Fatal("no head promised a column: the test proves nothing at 80 columns")
	}
}
