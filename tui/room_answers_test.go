package tui

import (
	"strings"
	"testing"
)

// ledger is the room's side of the lesson as dualwrite serve keeps it, for
// one presenter and one student: the student's answer per experiment, and
// the experiments revealed, whose answers no longer change. The serve
// package holds its own room to the same rules over real SSH.
type ledger struct {
	revealed map[int]bool
	preds    map[int]Prediction
	told     int // answers the room took
}

func newLedger() *ledger { return &ledger{revealed: map[int]bool{}, preds: map[int]Prediction{}} }

// seat is one UI's place in the ledger's room.
type seat struct {
	*ledger
	presenter bool
}

func (s seat) Presenter() bool { return s.presenter }
func (s seat) Follow(bool)     {}
func (s seat) Stray(bool)      {}

func (s seat) Cue(c Cue) {
	if c.Lesson > 0 && c.Strategy == "" && !c.Over {
		s.revealed[c.Lesson-1] = c.Reveal
	}
}

func (s seat) Predict(exp int, p Prediction) bool {
	if s.revealed[exp] {
		return false
	}
	s.preds[exp] = p
	s.told++
	return true
}

// counted is the student's answer the room counts for experiment exp
// (0-based), in the tally's words.
func (l *ledger) counted(exp int) string {
	p, ok := l.preds[exp]
	if !ok || !p.Answered() {
		return "no answer"
	}
	return p.String()
}

// lessonRoom is a presenter and a following student in the lesson, both
// seated in one ledger; the student is not cued until the test says so.
func lessonRoom(t *testing.T) (follower, *ledger) {
	t.Helper()
	lg := newLedger()
	opts := Options{Lesson: true, Base: baseConfig()}
	popts, fopts := opts, opts
	popts.Room, fopts.Room = seat{lg, true}, seat{lg, false}
	x := follower{p: newHarness(t, popts, 80, 24), f: newHarness(t, fopts, 80, 24)}
	x.f.send(RoomMsg{Connected: 1, Presenters: 1, Following: 1})
	x.p.press("c") // the presenter's own answer: enter reveals
	x.f.send(CueMsg(x.p.m.cueNow()))
	return x, lg
}

// cue sends the presenter's place to the student and waits until the
// student's lesson is there, its verdict in when it is a reveal.
func (x follower) cue(what string) {
	x.f.t.Helper()
	x.p.until(what+": the presenter's run", func() bool { return x.p.m.lesson.phase != phaseRun && len(x.p.m.live) == 0 })
	c := x.p.m.cueNow()
	x.f.send(CueMsg(c))
	x.f.until(what, func() bool {
		l := x.f.m.lesson
		return x.f.m.room.cue == nil && l.cur == c.Lesson-1 && l.phase != phaseRun && len(x.f.m.live) == 0
	})
}

// The defect as found: a student answers, peeks ahead, and the reveal brings
// them back. Before, the room counted "consistent" while their own reveal
// showed no answer. Now the screen, the room's tally and the score agree:
// the answer given for that experiment, counted once.
func TestPeekingAheadKeepsTheAnswerTheRoomCounts(t *testing.T) {
	x, lg := lessonRoom(t)
	f := x.f
	f.press("c")
	f.press("right") // ahead, to experiment 2
	f.contains("experiment 2 of", "You say: no answer yet")
	f.press("l") // an answer for experiment 2, given ahead of the room
	if got := lg.counted(0); got != "consistent" {
		t.Fatalf("peeking ahead, the room counts %q for experiment 1, want consistent", got)
	}
	x.p.press("enter")
	x.cue("the reveal of experiment 1")
	f.contains("You said: consistent", "✓ you were right", "you got 1 of 1")
	if got := lg.counted(0); got != "consistent" {
		t.Fatalf("at the reveal the room counts %q, the student's screen says consistent", got)
	}

	x.p.press("right") // the presenter on to experiment 2: the answer given ahead is there
	x.cue("experiment 2")
	f.contains("You say: lost")
	if got := lg.counted(1); got != "lost" {
		t.Fatalf("on experiment 2 the room counts %q, the student's screen says lost", got)
	}
	f.press("left") // behind: the revealed question says its answer is locked before any key
	f.contains("You say: consistent")
	if s := flat(f); !strings.Contains(s, lockedHint) || strings.Contains(s, revealWaitsHint) {
		t.Fatalf("back at a revealed question the student is not told it is locked:\n%s", f.screen())
	}
}

// Moving away and back shows the answer given there, still changeable; the
// room counts the change, once, and the reveal says the same.
func TestMovingBackShowsTheAnswerAndTakesAChange(t *testing.T) {
	x, lg := lessonRoom(t)
	f := x.f
	f.press("g")
	f.press("right", "right", "left", "left")
	f.contains("experiment 1 of", "You say: ghost")
	before := lg.told
	f.press("g", "d") // changed their mind after moving around
	f.contains("You say: duplicate")
	if got := lg.counted(0); got != "duplicate" || lg.told != before+2 {
		t.Fatalf("the room counts %q after %d answers, want duplicate after 2", got, lg.told-before)
	}
	f.press("B", "esc") // home, away from the lesson; B back to it
	f.contains("strategies")
	f.press("B")
	f.contains("experiment 1 of", "You say: duplicate")
	if lg.told != before+2 {
		t.Errorf("leaving and coming back told the room %d more answers", lg.told-before-2)
	}
	x.p.press("enter")
	x.cue("the reveal")
	f.contains("You said: duplicate", "✗ not what you expected")
}

// A revealed experiment's answer is locked: a student back at its question
// reads the answer the room counted and that it stays, and a key changes
// neither their screen nor the room's tally. So is a key pressed after the
// presenter's reveal reached the room, before it reached the student.
func TestARevealedAnswerIsLocked(t *testing.T) {
	x, lg := lessonRoom(t)
	f := x.f
	f.press("l")
	x.p.press("enter") // the room has it revealed; the student's cue is on its way
	f.press("g")
	f.contains("You say: lost", "experiment 1 is revealed: your answer stays lost")
	f.lacks("ghost ·", "You say: lost + ghost")
	x.cue("the reveal")
	f.contains("You said: lost")

	x.p.press("right")
	x.cue("experiment 2")
	f.press("left") // behind, back at the revealed question
	f.contains("experiment 1 of", "You say: lost")
	if s := flat(f); !strings.Contains(s, lockedHint) || strings.Contains(s, revealWaitsHint) {
		t.Fatalf("back at a revealed question the student is not told it is locked:\n%s", f.screen())
	}
	if h := helpLineOf(f); strings.Contains(h, "predict") || strings.Contains(h, "run it") {
		t.Errorf("at a locked question a follower's key line %q offers predict or enter", h)
	}
	f.press("c", "a")
	f.contains("You say: lost", "experiment 1 is revealed: your answer stays lost")
	if got := lg.counted(0); got != "lost" {
		t.Fatalf("a locked answer changed in the room to %q", got)
	}
}

// The presenter back at a revealed question asks the room again: the
// student's answer is back on their screen, counted again, and may change
// until the next reveal, which then says the new one.
func TestAskingAgainKeepsTheAnswerOpen(t *testing.T) {
	x, lg := lessonRoom(t)
	f := x.f
	f.press("l")
	x.p.press("enter")
	x.cue("the reveal")
	x.p.press("left") // back at the question of experiment 1
	x.cue("asked again")
	f.contains("You say: lost")
	f.lacks(lockedHint)
	if h := helpLineOf(f); !strings.Contains(h, "predict") {
		t.Errorf("asked again, the key line %q does not offer predict", h)
	}
	if got := lg.counted(0); got != "lost" {
		t.Fatalf("asked again, the room counts %q, the screen says lost", got)
	}
	f.press("l", "c")
	if got := lg.counted(0); got != "consistent" {
		t.Fatalf("asked again, a change is counted as %q, want consistent", got)
	}
	x.p.press("enter")
	x.cue("the second reveal")
	f.contains("You said: consistent", "you got 1 of 1")
}
