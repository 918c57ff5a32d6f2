package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

// TestLessonTmux plays the whole workshop with dualwrite lesson in a real
// 80x24 terminal, in presenter mode, with single keys only: an answer,
// enter to run, enter for the next experiment.
func TestLessonTmux(t *testing.T) {
	tt := newTmuxTerm(t, 80, 24, "", "lesson", "--present")
	n := 0
	for _, s := range scenarios.All() {
		n += len(s.Expect)
	}
	for i := 1; i <= n; i++ {
		tt.waitFor(fmt.Sprintf("experiment %d asks", i), func(s string) bool {
			return strings.Contains(s, fmt.Sprintf("experiment %d of %d", i, n)) && strings.Contains(s, "Ask the room")
		})
		tt.keys("c")
		tt.waitFor("the answer is taken", contains("The room says: consistent"))
		tt.keys("Enter")
		s := tt.waitFor(fmt.Sprintf("experiment %d is revealed", i), contains("The run shows:"))
		if strings.Contains(s, "the run failed") {
			t.Fatalf("experiment %d failed:\n%s", i, s)
		}
		if strings.Contains(s, "predict •") {
			t.Fatalf("presenter mode shows the key line:\n%s", s)
		}
		tt.keys("Enter")
	}
	tt.waitFor("the score", contains("The lesson is over"))
	tt.quit()
}
