package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/scenarios"
)

// A student in follow mode may still move on their own: step on, press →
// in the lesson, crash their lab. Until the presenter's next cue brings
// them back they are not where the presenter is, and the line over their
// screen must say so, and how to get back, instead of "following the
// presenter". It says "following" again exactly when their place is the
// presenter's once more, whichever way they got there.

// backKey brings a student who moved away back to the presenter's place.
const backKey = "B"

// stray is how a student's place stands to the presenter's.
type stray int

const (
	inStep stray = iota
	ahead        // further on in the same lesson or run
	behind       // further back in the same lesson or run
	away         // somewhere else: another screen, or a run changed by hand
)

func (s stray) String() string {
	return [...]string{"in step with", "ahead of", "behind", "away from"}[s]
}

// samePlace reports whether a follower at a is where the presenter's cue p
// puts them. Whether a matrix has filled is how far its runs are, not a
// place; two finished runs of the same world are at the same verdict.
func samePlace(a, p Cue) bool {
	a.MatrixFilled, p.MatrixFilled = false, false
	if a.Finished && p.Finished {
		a.Steps = p.Steps
	}
	return a.Equal(p)
}

// strayFrom says where a follower at a is, against the presenter's place p.
func strayFrom(a, p Cue) stray {
	switch {
	case samePlace(a, p):
		return inStep
	case a.Strategy == "" && p.Strategy == "" && a.Lesson > 0 && p.Lesson > 0 && !a.Matrix && !p.Matrix:
		// Both in the lesson: the experiment, then the question before its
		// verdict, then the score.
		if a.Lesson != p.Lesson {
			return order(a.Lesson > p.Lesson)
		}
		if a.Over != p.Over {
			return order(a.Over)
		}
		return order(a.Reveal)
	case a.Strategy != "" && a.Strategy == p.Strategy && a.Experiment == p.Experiment && a.Lesson == p.Lesson &&
		a.Matrix == p.Matrix && a.Cell == p.Cell && a.Run.Equal(p.Run) && a.Acts.Equal(p.Acts):
		// The same run of the same world: further on or back in it.
		if a.Finished != p.Finished {
			return order(a.Finished)
		}
		return order(a.Steps > p.Steps)
	}
	return away
}

func order(further bool) stray {
	if further {
		return ahead
	}
	return behind
}

// presenterPlace is the presenter's place a following student is held to:
// their last cue, which stays the place when the presenter goes home.
func (m *Model) presenterPlace() Cue { return m.room.at }

// strayed says where this following student is against the presenter. A
// cue still being applied (a run opening, a step replaying), or the wait
// for the presenter's matrix to fill, is the way to the presenter, not a
// place of the student's own.
func (m *Model) strayed() stray {
	if m.opts.Room == nil || m.opts.Room.Presenter() || !m.room.following || m.room.unplaced || m.room.cue != nil || m.room.waitMatrix || m.quitting {
		return inStep
	}
	if r := m.room.last; r.NoPresenter || (r.Presenters == 0 && !m.room.presented) {
		return inStep // no presenter yet, nor one to come: nothing to be away from
	}
	if m.run != nil && (m.run.busy || !m.run.loaded) {
		return inStep // a step of the student's own, or a run opening: judged when done
	}
	return strayFrom(m.cueNow(), m.presenterPlace())
}

// placeWords says a place of the room in a few words: "experiment 3",
// "step 2 of naive", "the matrix".
func placeWords(c Cue) string {
	switch {
	case c.Strategy != "" && c.Finished:
		return "the verdict of " + c.Strategy
	case c.Strategy != "":
		return fmt.Sprintf("step %d of %s", c.Steps, c.Strategy)
	case c.Over:
		return "the lesson's score"
	case c.Lesson > 0 && c.Reveal:
		return fmt.Sprintf("experiment %d, revealed", c.Lesson)
	case c.Lesson > 0:
		return fmt.Sprintf("experiment %d", c.Lesson)
	case c.Matrix:
		// The cell too: a student whose cursor moved is on the matrix as
		// well, elsewhere on it.
		all := scenarios.All()
		if c.Cell.Row < 0 || c.Cell.Row >= len(all) {
			return "the matrix"
		}
		s := all[c.Cell.Row]
		if c.Cell.Col < 0 || c.Cell.Col >= len(s.Expect) {
			return "the matrix, at " + s.ID
		}
		return fmt.Sprintf("the matrix, at %s experiment %d", s.ID, c.Cell.Col+1)
	}
	return "the home screen"
}

// strayLine is the line over a following student's screen who is not
// where the presenter is: where they stand, where the presenter is, and
// the key back. The longest form that fits.
func (m *Model) strayLine(s stray, w int) string {
	st, p := m.st, m.presenterPlace()
	lead := st.warn.Render(s.String() + " the presenter")
	var who, back string
	switch {
	case m.room.last.Presenters == 0 && m.room.presented:
		who, back = ", who has left, on "+placeWords(p), "B: back there"
	case m.room.home && !p.IsZero():
		who, back = ", now on the home screen", "B: back to "+placeWords(p)
	default:
		who, back = ", who is on "+placeWords(p), "B: back in step"
	}
	forms := []string{
		lead + st.dim.Render(who+" · "+back+" · F: go your own way"),
		lead + st.dim.Render(who+" · "+back),
		lead + st.dim.Render(" · "+back+" · F: go your own way"),
		lead + st.dim.Render(" · "+back),
	}
	for _, f := range forms {
		if width(f) <= w {
			return f
		}
	}
	return cut(forms[len(forms)-1], w)
}

// backToPresenter takes a following student who moved away back to the
// presenter's place, as the presenter's next cue would; it reports whether
// it took the key.
func (m *Model) backToPresenter(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if msg.String() != backKey || m.typing() || m.strayed() == inStep {
		return nil, false
	}
	p := m.presenterPlace()
	if p.IsZero() {
		return m.goHomeForRoom(), true
	}
	m.room.cue = &p
	return m.follow(), true
}

// goHomeForRoom takes a student to the home screen, where a presenter who
// has not moved yet is: the run, lesson or matrix on show is closed.
func (m *Model) goHomeForRoom() tea.Cmd {
	if m.state == stateHelp || m.state == stateDocs {
		m.state = m.ret
	}
	switch {
	case m.state == stateRun && m.run != nil:
		if m.run.busy {
			return nil
		}
		m.state = stateHome
		return m.closeRun()
	case m.state == stateLesson:
		return m.leaveLesson()
	case m.state == stateMatrix && m.matrix != nil:
		return m.leaveMatrix()
	}
	return nil
}
