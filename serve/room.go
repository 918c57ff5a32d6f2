package serve

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/tui"
)

// room is every session of a server: who presents, who follows, where the
// presenter is, and each student's prediction per lesson experiment. A
// session's UI calls its member from its own goroutine; the room answers
// with messages sent to the programs, never blocking on one.
type room struct {
	mu       sync.Mutex
	members  map[int]*member
	next     int
	cue      tui.Cue
	revealed map[int]bool // lesson experiments (0-based) whose predictions are frozen
	// presenters connected, as last told to the students
	presenters int
	// noPresenter: the server knows no presenter key, so nobody presents
	noPresenter bool
	// matrices are the comparison matrices, each run once for the room.
	matrices *matrices
	// quitting: the server stops, and every program is told to quit.
	quitting bool
}

// member is one session in the room; it is the tui.Room of its UI.
type member struct {
	r         *room
	id        int
	presenter bool
	following bool
	away      bool                   // following, but somewhere else than the presenter
	prog      *tea.Program           // nil until the program is made
	preds     map[int]tui.Prediction // by lesson experiment, 0-based

	// The latest cue and counts not yet delivered: only the latest of each
	// matters, so a slow UI gets them coalesced, and in order.
	cue    *tui.Cue
	resume *tui.Cue // for a presenter who joins: where the room is
	counts *tui.RoomMsg
	wake   chan struct{}
	done   chan struct{}
	// cued is called when a cue reaches the member: a follower watching
	// the presenter is not idle.
	cued func()
}

var _ tui.Room = (*member)(nil)

func newRoom() *room {
	return &room{members: map[int]*member{}, revealed: map[int]bool{}, matrices: newMatrices()}
}

// join adds a session; a student follows from the start.
func (r *room) join(presenter bool) *member {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next++
	m := &member{r: r, id: r.next, presenter: presenter, following: !presenter, preds: map[int]tui.Prediction{},
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	r.members[m.id] = m
	return m
}

// attach gives the member its program, and brings a follower to where the
// presenter is.
func (r *room) attach(m *member, p *tea.Program) {
	r.mu.Lock()
	m.prog = p
	if r.quitting {
		go p.Quit()
	}
	if !r.cue.IsZero() {
		// A follower goes where the presenter is; a presenter who comes
		// back (or a second one) picks the room up where it is.
		c := r.cue
		if m.presenter {
			m.resume = &c
		} else {
			m.cue = &c
		}
	}
	msg := r.counts()
	m.counts = &msg
	m.poke()
	r.mu.Unlock()
	go m.deliver()
	r.broadcast()
}

// deliver sends the member's program what the room has for it, until the
// member leaves.
func (m *member) deliver() {
	for {
		select {
		case <-m.done:
			return
		case <-m.wake:
		}
		m.r.mu.Lock()
		cue, resume, counts := m.cue, m.resume, m.counts
		m.cue, m.resume, m.counts = nil, nil, nil
		m.r.mu.Unlock()
		if resume != nil {
			m.prog.Send(tui.ResumeMsg(*resume))
		}
		if cue != nil {
			if m.cued != nil {
				m.cued()
			}
			m.prog.Send(tui.CueMsg(*cue))
		}
		if counts != nil {
			m.prog.Send(*counts)
		}
	}
}

// poke wakes the member's delivery. Caller holds r.mu.
func (m *member) poke() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// quitAll quits every member's program, and each made after, without
// waiting on any: the server is stopping.
func (r *room) quitAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.quitting = true
	for _, m := range r.members {
		if m.prog != nil {
			go m.prog.Quit()
		}
	}
}

// program is the member's program, once made.
func (r *room) program(m *member) *tea.Program {
	r.mu.Lock()
	defer r.mu.Unlock()
	return m.prog
}

func (r *room) leave(m *member) {
	r.mu.Lock()
	delete(r.members, m.id)
	close(m.done)
	r.mu.Unlock()
	r.broadcast()
}

// counts is the room's state as each UI is told it. Caller holds r.mu.
func (r *room) counts() tui.RoomMsg {
	msg := tui.RoomMsg{Lesson: r.cue.Lesson, NoPresenter: r.noPresenter}
	for _, m := range r.members {
		if m.presenter {
			msg.Presenters++
			continue
		}
		msg.Connected++
		if m.following {
			msg.Following++
			if m.away {
				msg.Away++
			}
		}
		if r.cue.Lesson == 0 {
			continue
		}
		if p, ok := m.preds[r.cue.Lesson-1]; ok && p.Answered() {
			msg.Tally = tally(msg.Tally, p)
		}
	}
	tui.SortTally(msg.Tally)
	msg.Frozen = r.cue.Lesson > 0 && r.revealed[r.cue.Lesson-1]
	return msg
}

// tally counts one more student's answer.
func tally(t []tui.Answer, p tui.Prediction) []tui.Answer {
	for i := range t {
		if t[i].Prediction.Equal(p) {
			t[i].N++
			return t
		}
	}
	return append(t, tui.Answer{Prediction: p, N: 1})
}

// broadcast tells the presenters the room's counts.
func (r *room) broadcast() {
	r.mu.Lock()
	defer r.mu.Unlock()
	msg := r.counts()
	// A student's screen shows only whether a presenter is there: the
	// counts go to students only when that changes, not on every
	// prediction of thirty others.
	all := msg.Presenters != r.presenters
	r.presenters = msg.Presenters
	for _, m := range r.members {
		if m.presenter || all {
			m.counts = &msg
			m.poke()
		}
	}
}

func (m *member) Presenter() bool { return m.presenter }

// Cue moves the followers to where the presenter is. A reveal freezes the
// experiment's predictions; the presenter back at its question (← after
// the reveal) asks the room again, so they count again.
func (m *member) Cue(c tui.Cue) {
	if !m.presenter {
		return
	}
	r := m.r
	r.mu.Lock()
	r.cue = c
	if c.Lesson > 0 && c.Strategy == "" && !c.Over {
		if c.Reveal {
			r.revealed[c.Lesson-1] = true
		} else {
			delete(r.revealed, c.Lesson-1)
		}
	}
	for _, o := range r.members {
		if o.following && !o.presenter {
			o.cue = &c
			o.poke()
		}
	}
	r.mu.Unlock()
	r.broadcast()
}

func (m *member) Follow(on bool) {
	r := m.r
	r.mu.Lock()
	m.following = on
	if on {
		// Even the home screen: the student is told where the presenter
		// is now, which their screen compares their own place with.
		c := r.cue
		m.cue = &c
		m.poke()
	}
	r.mu.Unlock()
	r.broadcast()
}

// Predict keeps the student's answer for experiment exp, one per
// experiment, until exp is revealed; then it keeps the one it has, which
// the student's screen shows again.
func (m *member) Predict(exp int, p tui.Prediction) bool {
	r := m.r
	r.mu.Lock()
	if r.revealed[exp] {
		r.mu.Unlock()
		return false
	}
	m.preds[exp] = p
	r.mu.Unlock()
	r.broadcast()
	return true
}

func (m *member) Stray(away bool) {
	r := m.r
	r.mu.Lock()
	m.away = away
	r.mu.Unlock()
	r.broadcast()
}
