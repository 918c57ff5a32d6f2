package serve

import (
	"testing"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/tui"
)

// The lesson's score is no new question: the last experiment's tally stays
// final there, while the presenter back at a question asks again.
func TestTheScoreKeepsTheTallyFinal(t *testing.T) {
	r := newRoom()
	pres, stu := r.join(true), r.join(false)
	lost := tui.Prediction{Kinds: []check.Kind{check.Lost}}
	pres.Cue(tui.Cue{Lesson: 1})
	stu.Predict(0, lost)
	pres.Cue(tui.Cue{Lesson: 1, Reveal: true})
	pres.Cue(tui.Cue{Lesson: 1, Over: true})
	stu.Predict(0, tui.Prediction{Consistent: true})
	r.mu.Lock()
	msg := r.counts()
	r.mu.Unlock()
	if !msg.Frozen || len(msg.Tally) != 1 || !msg.Tally[0].Prediction.Equal(lost) {
		t.Fatalf("at the score the tally is %+v, frozen %v; want lost 1, final", msg.Tally, msg.Frozen)
	}
	pres.Cue(tui.Cue{Lesson: 1}) // ← from the score: the question again
	stu.Predict(0, tui.Prediction{Consistent: true})
	r.mu.Lock()
	msg = r.counts()
	r.mu.Unlock()
	if msg.Frozen || len(msg.Tally) != 1 || !msg.Tally[0].Consistent {
		t.Fatalf("asked again, the tally is %+v, frozen %v; want consistent 1, counting", msg.Tally, msg.Frozen)
	}
}
