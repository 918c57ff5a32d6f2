package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// lessonAt puts the lesson on the first experiment that holds, asking.
func lessonAt(t *testing.T, h *harness, holds func(experiment) bool) {
	t.Helper()
	l := h.m.lesson
	for i, e := range l.exps {
		if holds(e) {
			l.cur = i
			l.reset()
			return
		}
	}
	t.Skip("no such experiment in the catalog")
}

func poison(maxDeliver int) func(experiment) bool {
	return func(e experiment) bool {
		x := e.expect()
		return len(x.Faults) == 1 && strings.HasSuffix(x.Faults[0], "poison") && x.MaxDeliver == maxDeliver
	}
}

// A poison event makes a run inconsistent with no anomaly of the checker's:
// the reveal said "The run shows: consistent" beside "✓ the room was right"
// for a room that said stuck. It says stuck, and why.
func TestLessonRevealSaysStuck(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	for _, c := range []struct {
		maxDeliver  int
		shows, why  string
		notSwitches bool
	}{
		{0, "The run shows: stuck: the stream blocked on o-1", "⏸ blocked", true},
		{3, "The run shows: stuck: 1 parked", "⊘ parked", false},
	} {
		lessonAt(t, h, poison(c.maxDeliver))
		// The two experiments share their fault: the switch tells them apart.
		if c.notSwitches {
			h.lacks("--max-deliver")
		} else {
			h.contains("with --max-deliver 3")
		}
		h.press("x", "enter")
		h.until("the reveal", func() bool { return h.m.lesson.phase == phaseReveal && len(h.m.live) == 0 })
		h.contains(c.shows, "What the checker found", c.why, "✓ the room was right")
		h.lacks("consistent")
	}
}

// After the reveal the prediction keys do nothing: the key line offers what
// works there, and the line of what comes next is wrapped, not cut.
func TestLessonKeyLineFollowsThePhase(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	h.contains("c l g d r o x a predict", "enter run it")
	h.press("c", "enter")
	h.until("the reveal", func() bool { return h.m.lesson.phase == phaseReveal && len(h.m.live) == 0 })
	h.lacks("c l g d r o x a predict", "esc…")
	h.contains("enter next", "s step through it")
	saysFlat(t, h, "←: the one before · esc: home")
	h.m.lesson.cur = len(h.m.lesson.exps) - 1
	h.press("enter")
	if h.m.lesson.phase != phaseDone {
		t.Fatalf("enter after the last reveal: phase %d, want the score", h.m.lesson.phase)
	}
	h.lacks("c l g d r o x a predict", "enter next", "…")
	h.contains("← the last experiment")
	saysFlat(t, h, "m on the home screen: every strategy against every fault")
}

// The reveal says consistent only of a consistent verdict: a verdict the
// checker judged inconsistent for a reason the line has no word for reads
// inconsistent, never consistent.
func TestOutcomeLineNeverCallsInconsistentConsistent(t *testing.T) {
	st := newStyles(true, true, false)
	ok := &lab.Report{Verdict: check.Verdict{Consistent: true}}
	if s := ansi.Strip(outcomeLine(st, ok)); !strings.HasPrefix(s, "consistent") {
		t.Errorf("a consistent verdict reads %q", s)
	}
	ko := &lab.Report{Verdict: check.Verdict{Consistent: false}}
	if s := ansi.Strip(outcomeLine(st, ko)); !strings.HasPrefix(s, "inconsistent") {
		t.Errorf("an inconsistent verdict with no anomaly reads %q", s)
	}
}

// While an experiment runs the lesson does not promise a crash a run
// without faults, or a poison event, never has.
func TestRunningWordsPromiseNoCrash(t *testing.T) {
	for _, s := range scenarios.All() {
		for _, x := range s.Expect {
			w := runningWords(x)
			if strings.Contains(w, "crash") {
				t.Errorf("%s %v: %q", s.ID, x.Faults, w)
			}
			if len(x.Faults) == 0 && !strings.Contains(w, "no fault") {
				t.Errorf("%s without faults: %q", s.ID, w)
			}
		}
	}
}

// ? after the reveal lists the keys that work there, not the predictions.
func TestLessonHelpFollowsThePhase(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 100, 30)
	h.press("?")
	h.contains("predict")
	h.press("esc", "c", "enter")
	h.until("the reveal", func() bool { return h.m.lesson.phase == phaseReveal && len(h.m.live) == 0 })
	h.press("?")
	h.contains("step through it", "keys on the lesson reveal screen")
	h.lacks("predict")
}

// An experiment with no fault that is expected to go wrong (a race) is not
// called the happy path before the room answers.
func TestLessonDoesNotCallARaceHappy(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	lessonAt(t, h, func(e experiment) bool { return e.strat.ID == "race" && len(e.expect().Faults) == 0 })
	h.contains("no fault injected")
	h.lacks("happy")
}
