package tui

import "testing"

// A presenter brought back to the room's place tells the room nothing on
// the way there (no home screen, no step 0 for the followers to replay
// to), and their first move after is the room's again.
func TestResumingPresenterCuesNothingOnTheWay(t *testing.T) {
	// Where the room was: the presenter's run of naive's experiment 2,
	// two steps in.
	var first []Cue
	p := newHarness(t, Options{Base: baseConfig(), Room: cueRoom{cues: &first}}, 120, 35)
	p.press("2")
	p.idle()
	p.step(2)
	where := p.m.cueNow()

	var cues []Cue
	back := newHarness(t, Options{Base: baseConfig(), Room: cueRoom{cues: &cues}}, 120, 35)
	back.send(ResumeMsg(where))
	back.until("back at the room's place", func() bool {
		r := back.m.run
		return r != nil && r.loaded && !r.busy && back.m.room.cue == nil && r.fr.steps == where.Steps
	})
	back.idle()
	back.contains("back where you left the room")
	if got := back.m.cueNow(); !got.Equal(where) {
		t.Fatalf("the presenter came back to %+v, the room was at %+v", got, where)
	}
	if len(cues) != 0 {
		t.Fatalf("the presenter's UI cued the room on its way back: %+v", cues)
	}
	back.step(1)
	if len(cues) == 0 || cues[len(cues)-1].Steps != where.Steps+1 {
		t.Fatalf("the presenter's step after coming back was not cued: %+v", cues)
	}
	back.lacks("back where you left the room")

	// A presenter who presses a key on the way back takes over from there:
	// their moves are the room's at once.
	var early []Cue
	hasty := newHarness(t, Options{Base: baseConfig(), Room: cueRoom{cues: &early}}, 120, 35)
	hasty.send(ResumeMsg(where))
	hasty.press("esc", "m")
	if len(early) == 0 || !early[len(early)-1].Matrix {
		t.Fatalf("the presenter went to the matrix on the way back, the room was cued %+v", early)
	}

	// A presenter who has already moved on their own is not moved back.
	moved := newHarness(t, Options{Base: baseConfig(), Room: cueRoom{cues: new([]Cue)}}, 120, 35)
	moved.press("m")
	moved.send(ResumeMsg(where))
	if moved.m.state != stateMatrix || moved.m.run != nil {
		t.Fatalf("a presenter on the matrix was moved to the room's old place: %v", moved.m.state)
	}
}

// A student is told the presenter is back, and only once they are.
func TestStudentLineSaysThePresenterIsBack(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}}, 80, 24)
	h.send(RoomMsg{Connected: 1, Presenters: 1})
	h.lacks("is back")
	h.send(RoomMsg{Connected: 1})
	h.contains("who has left")
	h.send(RoomMsg{Connected: 1, Presenters: 1})
	h.contains("following the presenter, who is back")
	h.press("F")
	h.contains("on your own · the presenter is back · F: follow the presenter")
	h.press("F")
	h.send(CueMsg(Cue{Lesson: 1}))
	h.lacks("is back")
}

// A presenter who comes back while stepping through a lesson's experiment
// returns to that run with the lesson revealed behind it: esc comes back to
// the reveal, and the room keeps its place in the lesson (the cue keeps
// its experiment, so the tally stays on the presenter's line).
func TestPresenterComesBackIntoALessonStep(t *testing.T) {
	p := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: cueRoom{cues: new([]Cue)}}, 120, 35)
	p.press("c", "enter")
	p.until("the reveal", func() bool { return p.m.lesson.phase == phaseReveal && p.m.lesson.sess == nil })
	p.press("s")
	p.idle()
	p.step(2)
	where := p.m.cueNow()
	if where.Lesson != 1 || where.Strategy == "" {
		t.Fatalf("the presenter's cue stepping the lesson: %+v", where)
	}

	var cues []Cue
	back := newHarness(t, Options{Base: baseConfig(), Room: cueRoom{cues: &cues}}, 120, 35)
	back.send(ResumeMsg(where))
	back.until("back at the step, the lesson revealed behind it", func() bool {
		r, l := back.m.run, back.m.lesson
		return r != nil && r.loaded && !r.busy && back.m.room.cue == nil && r.fr.steps == where.Steps &&
			l != nil && l.phase == phaseReveal && l.sess == nil
	})
	if got := back.m.cueNow(); !got.Equal(where) || back.m.runFrom != stateLesson {
		t.Fatalf("the presenter came back to %+v (from %v), the room was at %+v", got, back.m.runFrom, where)
	}
	back.press("esc")
	back.until("the lesson", func() bool { return back.m.state == stateLesson })
	if c := back.m.cueNow(); c.Lesson != 1 || !c.Reveal {
		t.Fatalf("esc after coming back: %+v, want the lesson's experiment 1 revealed", c)
	}
	back.contains("The run shows: consistent")
}

// A follower left on a run while the presenter is back on the home screen
// is told so, not shown "following" as if the presenter were on this run.
func TestFollowerToldThePresenterIsHome(t *testing.T) {
	x := follower{
		p: newHarness(t, Options{Base: baseConfig(), Room: presenterRoom{}}, 80, 24),
		f: newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}}, 80, 24),
	}
	x.f.send(RoomMsg{Connected: 1, Presenters: 1, Following: 1})
	x.p.press("enter")
	x.p.idle()
	x.sync("the presenter's run")
	x.f.lacks("home screen")
	x.p.press("esc")
	x.cued()
	x.f.contains("following the presenter, now on the home screen · F: go your own way")
	if x.f.m.state != stateRun {
		t.Fatalf("the follower left their run for %v", x.f.m.state)
	}
	x.p.press("enter")
	x.p.idle()
	x.sync("the presenter's run again")
	x.f.lacks("home screen")
}

// A presenter who comes back to the matrix gets it as they left it: their
// own matrix, run as fast as one opened by hand, the cursor on their cell.
func TestPresenterComesBackToTheMatrix(t *testing.T) {
	where := Cue{Matrix: true, Cell: MatrixCell{Row: 2, Col: 1}}
	back := newHarness(t, Options{Base: baseConfig(), Room: cueRoom{cues: new([]Cue)}}, 120, 35)
	back.send(ResumeMsg(where))
	if back.m.state != stateMatrix || back.m.matrix == nil || back.m.matrix.cell() != where.Cell {
		t.Fatalf("the presenter came back to %v, not to the matrix on %+v", back.m.state, where.Cell)
	}
	back.untilWithin(matrixBound, "the matrix done", func() bool { return back.m.matrix.finished })
	back.lacks("one at a time")
	back.contains("at once: = 61 as the catalog expects")
}
