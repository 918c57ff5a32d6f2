package tui

// A student's answers belong to the experiments they were given for, not
// to the screen: moving in the lesson, leaving it and coming back, or being
// brought back by the presenter's cue shows the answer given there, and the
// room counts that same answer. Before, every move cleared the answer on
// screen while the room kept or cleared it depending on the way back, so a
// student could be counted "consistent" and read no answer at the reveal.

// newLessonInRoom opens the lesson with the answers this student already
// gave the room, and the experiments it knows are revealed.
func (m *Model) newLessonInRoom() *lesson {
	l := newLesson()
	if m.opts.Room == nil || m.opts.Room.Presenter() {
		return l
	}
	if m.room.locked == nil {
		m.room.locked = map[int]bool{}
	}
	l.locked = m.room.locked
	for exp, p := range m.room.told {
		c := p.clone()
		l.answers[exp] = &c
	}
	l.reset()
	return l
}

// answerLocked reports whether this student's question on show is one the
// room has revealed: its answer keys change nothing.
func (m *Model) answerLocked() bool {
	l := m.lesson
	return m.opts.Room != nil && !m.opts.Room.Presenter() && l != nil && l.phase == phaseAsk && l.locked[l.cur]
}
