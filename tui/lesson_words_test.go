package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// At 80 columns the lesson's question screen read "change data capture from
// a change log: triggers log each…". For every experiment of the lesson, at
// 80 and 120 columns, the strategy's title and the fault line are whole.
func TestLessonExperimentLinesAreWhole(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	l := h.m.lesson
	if l == nil || len(l.exps) == 0 {
		t.Fatalf("no lesson:\n%s", h.screen())
	}
	for i := range l.exps {
		l.cur = i
		for _, w := range []int{80, 120} {
			lines := l.experimentLines(h.m.st, w)
			var plain []string
			for _, s := range lines {
				if width(s) > w {
					t.Errorf("experiment %d, %d columns: %q is %d cells", i+1, w, ansi.Strip(s), width(s))
				}
				plain = append(plain, strings.TrimSpace(ansi.Strip(s)))
			}
			all := strings.Join(plain, " ")
			if strings.Contains(all, "…") {
				t.Errorf("experiment %d, %d columns: cut:\n%s", i+1, w, strings.Join(plain, "\n"))
			}
			if title := l.exps[i].strat.Title; !strings.Contains(all, title) {
				t.Errorf("experiment %d, %d columns: the title %q is not whole:\n%s", i+1, w, title, strings.Join(plain, "\n"))
			}
		}
	}
}
