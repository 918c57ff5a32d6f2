package tui

import "testing"

// A student who answered only whether the run is ambiguous read "You say:
// no answer yet · ambiguous" at the question and nothing at the reveal: the
// screen must say back exactly what they said, in plain words.
func TestLessonSaysBackAnAnswerOnAmbiguityAlone(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: quietRoom{}}, 80, 24)
	h.press("a")
	h.contains("You say: nothing yet on what shipping believes", "ambiguous: yes, a caller is told 'failed' for a committed order")
	h.lacks("no answer yet")
	h.press("a")
	h.contains("ambiguous: no, no caller is told 'failed' for a committed order")
	h.press("a", "a")
	// The presenter's run starts the student's too: a follower's lab runs
	// when the presenter's does, answered or not.
	h.exec(h.m.startExperiment())
	h.until("the reveal", func() bool { return h.m.lesson.phase == phaseReveal && len(h.m.live) == 0 })
	h.contains("You said: nothing yet on what shipping believes", "ambiguous: yes", "not scored: no answer on what shipping believes")
	h.lacks("you were right", "not what you expected")
}

// The prompt names each kind as the keys do ("double order", not the
// checker's key), and an answer with both parts keeps both.
func TestLessonSaysBackBothParts(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	h.press("o", "g", "a")
	h.contains("The room says: ghost + double order ·", "ambiguous: yes,")
	h.lacks("double-order")
}
