package tui

import (
	"testing"
)

// The score at the end of the lesson is a place of its own: a follower goes
// to their own score, not back to the last question, and the room keeps the
// last experiment's tally final.
func TestFollowerFollowsToTheScore(t *testing.T) {
	p := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: presenterRoom{}}, 80, 24)
	f := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: quietRoom{}}, 80, 24)
	last := len(p.m.lesson.exps) - 1
	p.m.lesson.cur = last
	p.press("c", "enter")
	p.until("the reveal", func() bool { return p.m.lesson.phase == phaseReveal && len(p.m.live) == 0 })
	f.send(CueMsg(p.m.cueNow()))
	f.until("the follower's reveal", func() bool {
		return f.m.lesson.cur == last && f.m.lesson.phase == phaseReveal && len(f.m.live) == 0
	})
	p.press("enter")
	c := p.m.cueNow()
	if p.m.lesson.phase != phaseDone || !c.Over || c.Reveal {
		t.Fatalf("the presenter's score cues %+v", c)
	}
	f.send(CueMsg(c))
	if f.m.lesson.phase != phaseDone {
		t.Fatalf("the follower is at phase %d of experiment %d, want the score", f.m.lesson.phase, f.m.lesson.cur+1)
	}
	f.contains("The lesson is over")
}

// Help and a docs page are read over the screen they came from: the room
// stays where the presenter is (its tally on show, the followers put),
// instead of being told the presenter is nowhere.
func TestPresenterReadingHelpStaysInPlace(t *testing.T) {
	p := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: presenterRoom{}}, 80, 24)
	p.press("right")
	at := p.m.cueNow()
	p.press("?")
	if p.m.state != stateHelp {
		t.Fatalf("? opened %s", p.m.state)
	}
	if c := p.m.cueNow(); !c.Equal(at) || c.Lesson != 2 {
		t.Errorf("over help the presenter cues %+v, want %+v", c, at)
	}
}

// A student reading help while the presenter steps keeps reading it; the
// lab follows underneath, and esc shows it where the presenter is. Before,
// every step of the presenter's closed the student's help.
func TestFollowerReadingHelpKeepsIt(t *testing.T) {
	x := follower{
		p: newHarness(t, Options{Base: baseConfig(), Room: presenterRoom{}}, 80, 24),
		f: newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}}, 80, 24),
	}
	x.p.press("enter")
	x.p.idle()
	x.sync("the presenter's run")
	x.f.press("?")
	x.p.step(2)
	x.f.send(CueMsg(x.p.m.cueNow()))
	x.f.until("the follower's steps", func() bool {
		r := x.f.m.run
		return !r.busy && x.f.m.room.cue == nil && r.fr.steps == 2
	})
	if x.f.m.state != stateHelp {
		t.Fatalf("the follower's help gave way to %s", x.f.m.state)
	}
	x.f.press("esc")
	if x.f.m.state != stateRun {
		t.Fatalf("esc from help showed %s, want the run", x.f.m.state)
	}
	x.f.contains("step 2")
}

// The presenter steps through a lesson's experiment (s after the reveal):
// the follower steps through it too, and esc takes them back to the lesson,
// not home.
func TestFollowerStepsThroughALessonExperiment(t *testing.T) {
	x := follower{
		p: newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: presenterRoom{}}, 80, 24),
		f: newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: quietRoom{}}, 80, 24),
	}
	x.p.press("c", "enter")
	x.p.until("the reveal", func() bool { return x.p.m.lesson.phase == phaseReveal && len(x.p.m.live) == 0 })
	x.p.press("s")
	x.p.idle()
	x.p.step(2)
	x.sync("the lesson's run")
	if x.f.m.runFrom != stateLesson {
		t.Fatalf("the follower's run came from %s, want the lesson", x.f.m.runFrom)
	}
	x.f.press("esc")
	if x.f.m.state != stateLesson {
		t.Fatalf("esc took the follower to %s, want the lesson", x.f.m.state)
	}
}
