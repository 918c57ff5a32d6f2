package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/check"
)

// presenterRoom is a room whose UI presents; it records nothing.
type presenterRoom struct{ quietRoom }

func (presenterRoom) Presenter() bool { return true }

// At 80 columns the presenter's line keeps the room's tally, the reason to
// look at it: the words around it shorten before it is cut.
func TestPresenterLineKeepsTheTallyAt80(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: presenterRoom{}}, 80, 24)
	tally := []Answer{
		{Prediction{Kinds: []check.Kind{check.Lost}}, 17},
		{Prediction{Kinds: []check.Kind{check.Duplicate}}, 6},
		{Prediction{Consistent: true}, 3},
	}
	h.send(RoomMsg{Connected: 27, Presenters: 1, Following: 21, Lesson: 3, Tally: tally})
	line := strings.SplitN(h.screen(), "\n", 2)[0]
	for _, want := range []string{"21/27 following", "exp. 3", "26/27 answered", "lost 17 · duplicate 6 · consistent 3"} {
		if !strings.Contains(line, want) {
			t.Errorf("the presenter's line at 80 columns %q lacks %q", line, want)
		}
	}
	h.send(RoomMsg{Connected: 27, Presenters: 1, Following: 21, Lesson: 3, Tally: tally, Frozen: true})
	if line := strings.SplitN(h.screen(), "\n", 2)[0]; !strings.Contains(line, "lost 17 · duplicate 6 · consistent 3") {
		t.Errorf("the revealed tally is cut at 80 columns: %q", line)
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 35})
	h.send(RoomMsg{Connected: 27, Presenters: 1, Following: 21, Lesson: 3, Tally: tally})
	line = strings.SplitN(h.screen(), "\n", 2)[0]
	want := "presenter · 27 connected · 21 following   experiment 3, 26 of 27 answered: lost 17 · duplicate 6 · consistent 3"
	if !strings.Contains(line, want) {
		t.Errorf("the presenter's line at 120 columns %q, want %q", line, want)
	}
}

// A student in a served room answers for themselves: the lesson asks them,
// and their score is theirs, not "the room's".
func TestStudentLessonSaysYou(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: quietRoom{}}, 80, 24)
	h.contains("Your prediction:", "You say: no answer yet")
	h.lacks("Ask the room", "The room says")
	h.press("F", "c", "enter") // on their own: a follower's reveal is the presenter's
	h.until("the reveal", func() bool { return h.m.lesson.phase == phaseReveal && len(h.m.live) == 0 })
	h.contains("you got 1 of 1", "You said: consistent", "✓ you were right")
	h.lacks("the room")
	h.m.lesson.cur = len(h.m.lesson.exps) - 1
	h.press("enter")
	h.contains("You predicted 1 of 1 experiments right.")

	alone := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	alone.contains("Ask the room.", "The room says: no answer yet")
}

// A presenter who leaves is not one "not connected yet".
func TestStudentLineSaysThePresenterLeft(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}}, 80, 24)
	h.send(RoomMsg{Connected: 1})
	h.contains("who is not connected yet")
	h.send(RoomMsg{Connected: 1, Presenters: 1})
	h.lacks("not connected")
	h.send(RoomMsg{Connected: 1})
	h.contains("following the presenter, who has left")
	h.lacks("not connected yet")
}

// At 80 columns the home screen's title is shortened, not cut mid-word.
func TestHomeTitleFitsAt80(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 80, 24)
	line := strings.SplitN(h.screen(), "\n", 2)[0]
	if strings.Contains(line, "…") || !strings.Contains(line, "real SQLite, real NATS JetStream") || !strings.Contains(line, "seed 1") {
		t.Errorf("the home title at 80 columns: %q", line)
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 35})
	h.contains("the dual-write lab: real SQLite, real NATS JetStream")
}

// The presenter reads every answer in words: an outcome, several, ambiguity
// beside one or alone. The reveal judges ambiguity where it was given, and
// says which answers it could not judge.
func TestTallySaysEveryAnswerInWords(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: presenterRoom{}}, 160, 35)
	tally := []Answer{
		{Prediction{Consistent: true, Ambiguous: AmbiguityNo}, 2},
		{Prediction{Consistent: true, Ambiguous: AmbiguityYes}, 1},
		{Prediction{Kinds: []check.Kind{check.Lost, check.DoubleOrder}, Ambiguous: AmbiguityYes}, 1},
		{Prediction{Ambiguous: AmbiguityYes}, 1},
	}
	msg := RoomMsg{Connected: 6, Presenters: 1, Following: 6, Lesson: 1, Tally: tally}
	h.send(msg)
	want := "answered: consistent (not ambiguous) 2 · consistent (ambiguous) 1 · lost + double order (ambiguous) 1 · ambiguous, no outcome 1"
	if line := strings.SplitN(h.screen(), "\n", 2)[0]; !strings.Contains(line, want) {
		t.Errorf("the presenter's line %q, want %q", line, want)
	}
	h.press("enter")
	h.until("the reveal", func() bool { return h.m.lesson.phase == phaseReveal && len(h.m.live) == 0 })
	rep := h.m.lesson.rep
	if !rep.Consistent || len(rep.Ambiguous) > 0 {
		t.Fatalf("experiment 1 is not consistent and unambiguous: %+v", rep.Anomalies)
	}
	h.send(msg)
	h.contains("2 of 4 predictions were right (1 answered only whether it is ambiguous: not judged)")
}

// Once students have answered, the presenter's question says where their
// answers are and that enter runs it, instead of "The room says: no answer
// yet" beside a tally of answers.
func TestPresenterQuestionPointsAtTheTally(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: presenterRoom{}}, 80, 24)
	h.contains("The room says: no answer yet")
	h.send(RoomMsg{Connected: 2, Presenters: 1, Following: 2, Lesson: 1, Tally: []Answer{{Prediction{Consistent: true}, 1}}})
	h.contains("The room so far (1 of 2 answered): consistent 1", "enter runs it for real", "Your own answer, beside the room's: no answer yet")
	h.lacks("The room says")
}

// At 80 columns, where the top line cuts the tally, the question and the
// reveal show every answer, wrapped between answers.
func TestEveryAnswerOnScreenAt80(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: presenterRoom{}}, 80, 24)
	tally := []Answer{
		{Prediction{Kinds: []check.Kind{check.Duplicate, check.DoubleOrder}, Ambiguous: AmbiguityYes}, 3},
		{Prediction{Kinds: []check.Kind{check.Lost, check.Reordered}, Ambiguous: AmbiguityNo}, 2},
		{Prediction{Consistent: true, Ambiguous: AmbiguityNo}, 1},
		{Prediction{Ambiguous: AmbiguityYes}, 1},
	}
	msg := RoomMsg{Connected: 9, Presenters: 1, Following: 9, Lesson: 1, Tally: tally}
	h.send(msg)
	words := []string{"duplicate + double order (ambiguous) 3", "lost + reordered (not ambiguous) 2", "consistent (not ambiguous) 1", "ambiguous, no outcome 1"}
	h.contains(words...)
	h.press("enter")
	h.until("the reveal", func() bool { return h.m.lesson.phase == phaseReveal && len(h.m.live) == 0 })
	h.send(msg)
	h.contains(append(words, "The room predicted (7 of 9 answered)")...)
}

// A tally too long for the presenter's line at 80 columns says its first
// answers whole and how many more there are, never an answer cut in the
// middle; where not even one fits, it says how many answers there are.
func TestPresenterLineSaysALongTallyWholeAt80(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: presenterRoom{}}, 80, 24)
	tally := []Answer{
		{Prediction{Kinds: []check.Kind{check.Lost}}, 4},
		{Prediction{Kinds: []check.Kind{check.Duplicate}}, 3},
		{Prediction{Kinds: []check.Kind{check.Lost, check.Reordered}, Ambiguous: AmbiguityNo}, 2},
		{Prediction{Consistent: true, Ambiguous: AmbiguityNo}, 1},
		{Prediction{Ambiguous: AmbiguityYes}, 1},
	}
	h.send(RoomMsg{Connected: 12, Presenters: 1, Following: 12, Lesson: 1, Tally: tally})
	line := strings.SplitN(h.screen(), "\n", 2)[0]
	want := "12/12 following · exp. 1, 11/12 answered: lost 4 · duplicate 3 · 3 more answers"
	if strings.Contains(line, "…") || !strings.Contains(line, want) {
		t.Errorf("the presenter's line at 80 columns %q, want %q", line, want)
	}
	long := []Answer{
		{Prediction{Kinds: []check.Kind{check.Duplicate, check.DoubleOrder}, Ambiguous: AmbiguityYes}, 3},
		{Prediction{Kinds: []check.Kind{check.Lost, check.Reordered}, Ambiguous: AmbiguityNo}, 2},
	}
	h.send(RoomMsg{Connected: 9, Presenters: 1, Following: 9, Lesson: 1, Tally: long, Frozen: true})
	line = strings.SplitN(h.screen(), "\n", 2)[0]
	want = "exp. 1, final, 5/9 answered: 2 different answers, listed below"
	if strings.Contains(line, "…") || !strings.Contains(line, want) {
		t.Errorf("the presenter's line at 80 columns %q, want %q", line, want)
	}
}

// A reveal no student answered says so, not "0 of 0 predictions were
// right" under "no predictions yet".
func TestRevealWithNoStudentAnswer(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: presenterRoom{}}, 80, 24)
	h.press("c", "enter")
	h.until("the reveal", func() bool { return h.m.lesson.phase == phaseReveal && len(h.m.live) == 0 })
	h.send(RoomMsg{Connected: 1, Presenters: 1, Following: 1, Lesson: 1, Frozen: true})
	h.contains("No student answered before the reveal (1 student connected).")
	h.lacks("0 of 0", "no predictions yet")
}
