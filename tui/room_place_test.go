package tui

import (
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

// Where a follower stands against the presenter, place by place: the
// lesson's order, a run's steps, a run changed by hand, another screen,
// and what is no place (a matrix filled or not, a finished run's count of
// steps).
func TestStrayFrom(t *testing.T) {
	run := func(steps int) Cue { return Cue{Strategy: "naive", Experiment: 2, Steps: steps} }
	crashed := run(2)
	crashed.Acts = Acts{{at: 1, kind: actCrash}}
	done := func(steps int) Cue { c := run(steps); c.Finished = true; return c }
	for _, c := range []struct {
		what       string
		you, there Cue
		want       stray
	}{
		{"the same question", Cue{Lesson: 3}, Cue{Lesson: 3}, inStep},
		{"a later experiment", Cue{Lesson: 4}, Cue{Lesson: 3}, ahead},
		{"an earlier experiment", Cue{Lesson: 2}, Cue{Lesson: 3}, behind},
		{"the reveal before the presenter's", Cue{Lesson: 3, Reveal: true}, Cue{Lesson: 3}, ahead},
		{"the question again after the reveal", Cue{Lesson: 3}, Cue{Lesson: 3, Reveal: true}, behind},
		{"the score early", Cue{Lesson: 3, Over: true}, Cue{Lesson: 3, Reveal: true}, ahead},
		{"a step on", run(3), run(2), ahead},
		{"a step back", run(1), run(3), behind},
		{"the verdict early", done(7), run(2), ahead},
		{"both at the verdict", done(7), done(9), inStep},
		{"a crash by hand", crashed, run(2), away},
		{"another run", Cue{Strategy: "outbox", Steps: 2}, run(2), away},
		{"the lesson, the presenter on a run", Cue{Lesson: 1}, run(2), away},
		{"a run, the presenter at home", run(0), Cue{}, away},
		{"home, the presenter at home", Cue{}, Cue{}, inStep},
		{"the matrix filling", Cue{Matrix: true}, Cue{Matrix: true, MatrixFilled: true}, inStep},
		{"another cell", Cue{Matrix: true, Cell: MatrixCell{1, 0}}, Cue{Matrix: true}, away},
	} {
		if got := strayFrom(c.you, c.there); got != c.want {
			t.Errorf("%s: %s the presenter, want %s", c.what, got, c.want)
		}
	}
}

// The presenter's place in words names the cell of the matrix, so a student
// whose cursor moved reads where the presenter's is.
func TestPlaceWords(t *testing.T) {
	s := scenarios.All()[1]
	for _, c := range []struct {
		c    Cue
		want string
	}{
		{Cue{}, "the home screen"},
		{Cue{Lesson: 3}, "experiment 3"},
		{Cue{Lesson: 3, Reveal: true}, "experiment 3, revealed"},
		{Cue{Lesson: 3, Over: true}, "the lesson's score"},
		{Cue{Strategy: "naive", Steps: 4}, "step 4 of naive"},
		{Cue{Strategy: "naive", Steps: 9, Finished: true}, "the verdict of naive"},
		{Cue{Matrix: true, Cell: MatrixCell{1, 0}}, "the matrix, at " + s.ID + " experiment 1"},
		{Cue{Matrix: true, Cell: MatrixCell{1, 99}}, "the matrix, at " + s.ID},
	} {
		if got := placeWords(c.c); got != c.want {
			t.Errorf("%+v reads %q, want %q", c.c, got, c.want)
		}
	}
}
