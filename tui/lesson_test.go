package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

// TestLessonPlaysTheWorkshop plays every experiment of the catalog: the
// room answers what the catalog expects, each run happens for real, the
// reveal shows the run's verdict, the catalog's lesson and the findings,
// and every run is closed before the next.
func TestLessonPlaysTheWorkshop(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	var exps []scenarios.Expectation
	for _, s := range scenarios.All() {
		exps = append(exps, s.Expect...)
	}
	if len(exps) == 0 {
		t.Skip("no experiments in the catalog")
	}
	sawFinding := false
	for i, x := range exps {
		h.contains(fmt.Sprintf("experiment %d of %d", i+1, len(exps)), "Ask the room")
		// enter before an answer runs nothing
		h.press("enter")
		h.contains("first the room's answer")
		if h.m.lesson.phase != phaseAsk {
			t.Fatalf("enter without an answer ran the experiment")
		}
		h.press(answerKeys(x.Want)...)
		h.press("enter")
		h.until("the reveal of experiment "+fmt.Sprint(i+1), func() bool { return h.m.lesson.phase == phaseReveal && len(h.m.live) == 0 })
		l := h.m.lesson
		if l.err != nil {
			t.Fatalf("experiment %d (%v): %v", i+1, x.Faults, l.err)
		}
		h.contains("The room said:", "The run shows:", "Why")
		if !strings.Contains(squash(h.screen()), squash(x.Lesson)) {
			// The lesson wraps; compare without the line breaks.
			t.Fatalf("experiment %d: the reveal lacks the catalog's lesson %q:\n%s", i+1, x.Lesson, h.screen())
		}
		if len(l.rep.Findings) > 0 {
			sawFinding = true
			h.contains("What the checker found")
		}
		h.press("enter")
	}
	h.contains("The lesson is over", fmt.Sprintf("of %d experiments right", len(exps)))
	if !sawFinding {
		t.Error("no experiment of the whole lesson showed a finding")
	}
	if h.m.lesson.judged != len(exps) {
		t.Errorf("%d experiments judged, want %d", h.m.lesson.judged, len(exps))
	}
	// The room answered what the catalog expects, and compare checks that
	// the runs show it: every answer is right.
	if h.m.lesson.right != h.m.lesson.judged {
		t.Errorf("the catalog's own answers scored %d of %d", h.m.lesson.right, h.m.lesson.judged)
	}
	h.press("esc")
	h.contains("strategies")
}

// answerKeys are the keys that predict an outcome.
func answerKeys(o scenarios.Outcome) []string {
	var keys []string
	for _, c := range []struct {
		n int
		k string
	}{{o.Lost, "l"}, {o.Ghost, "g"}, {o.Duplicate, "d"}, {o.Reordered, "r"}, {o.DoubleOrder, "o"}, {o.Parked, "x"}} {
		if c.n > 0 {
			keys = append(keys, c.k)
		}
	}
	if o.Blocked {
		keys = append(keys, "x")
	}
	if len(keys) == 0 {
		keys = append(keys, "c")
	}
	if o.Ambiguous {
		keys = append(keys, "a")
	}
	return keys
}

func squash(s string) string {
	var b strings.Builder
	for _, f := range strings.Fields(s) {
		b.WriteString(f)
	}
	return b.String()
}

func TestLessonPrediction(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	h.press("l", "d")
	h.contains("The room says: lost + duplicate")
	h.press("c")
	h.contains("The room says: consistent")
	h.press("g")
	h.contains("The room says: ghost")
	h.press("a")
	h.contains("The room says: ghost ·", "ambiguous: yes,")
	h.press("a")
	h.contains("The room says: ghost ·", "ambiguous: no,")
	h.press("t")
	h.contains("talking points", "the steps:")
	h.press("t")
	h.lacks("talking points ·")
	h.press("right")
	h.contains("experiment 2 of")
	h.contains("The room says: no answer yet") // a new experiment asks afresh
	h.press("left")
	h.contains("experiment 1 of")
	h.contains("The room says: ghost ·", "ambiguous: no,") // the answer given there, kept
}

// A wrong answer is called wrong.
func TestLessonWrongAnswer(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	// The first experiment is naive without faults: consistent.
	h.press("l", "enter")
	h.until("the reveal", func() bool { return h.m.lesson.phase == phaseReveal })
	h.contains("The run shows: consistent", "✗ not what the room expected")
	h.press("left", "c", "enter")
	h.until("the reveal", func() bool { return h.m.lesson.phase == phaseReveal })
	// One experiment, revealed twice: scored once, with the answer then.
	h.contains("✓ the room was right", "the room got 1 of 1")
	// s steps through the same experiment; esc comes back to the reveal.
	h.press("s")
	h.idle()
	h.contains("naive · seed 1 · step 0")
	if k := h.m.screenKeys(stateRun).full; k[len(k)-1][1].Help().Desc != "lesson" {
		t.Fatalf("esc on a run of the lesson says %q", k[len(k)-1][1].Help().Desc)
	}
	h.step(2)
	h.press("esc")
	h.contains("✓ the room was right")
	h.until("the stepped run is closed", func() bool { return len(h.m.live) == 0 })
	// Right kinds, wrong on ambiguity: wrong.
	// The answer kept is consistent; a adds "ambiguous: yes". The same
	// experiment again: scored once, with this answer.
	h.press("left", "a", "enter")
	h.until("the reveal", func() bool { return h.m.lesson.phase == phaseReveal })
	h.contains("The room said: consistent ·", "✗ not what the room expected", "the room got 0 of 1")
}

func TestLessonFromHome(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 80, 24)
	h.press("l")
	h.contains("lesson", "experiment 1 of", "Ask the room")
	h.press("c", "enter")
	h.press("esc") // leaving while the run goes closes it
	h.contains("strategies")
	h.until("the lesson's run is closed", func() bool { return len(h.m.live) == 0 })
}
