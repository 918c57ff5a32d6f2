package tui

import tea "charm.land/bubbletea/v2"

// ResumeMsg brings a presenter who joins (or comes back after their SSH
// connection dropped) to where the room is: the presenter's last cue. The
// presenter's UI opens that place as a follower would, and tells the room
// nothing until it is there, so the followers stay where they are and
// follow on from there.
type ResumeMsg Cue

// resume starts bringing the presenter's UI to the room's place, unless
// the presenter has already moved on their own.
func (m *Model) resume(c Cue) tea.Cmd {
	if m.opts.Room == nil || !m.opts.Room.Presenter() || c.IsZero() || !m.room.sentCue.IsZero() || !m.cueNow().IsZero() {
		return nil
	}
	m.room.cue, m.room.resuming, m.room.resumed = &c, true, true
	m.room.sentCue = c
	return m.follow()
}

// presenterTakesOver ends the presenter's resuming at their first key: from
// then on their own moves are the room's.
func (m *Model) presenterTakesOver() {
	if m.room.resuming {
		m.room.resuming, m.room.cue = false, nil
	}
	m.room.resumed = false
}

// cued takes the presenter's cue: a presenter who came back and moved is
// no longer news.
func (m *Model) cued(c Cue) tea.Cmd {
	m.room.cue, m.room.back, m.room.home, m.room.waitMatrix = &c, false, c.IsZero(), false
	m.room.unplaced = false
	if c.IsZero() {
		// The presenter went home: followers stay where they are, at the
		// presenter's last place.
		m.room.cue = nil
		return nil
	}
	m.room.at = c
	return m.follow()
}

// noteRoom takes the room's counts, and notes a presenter leaving and
// coming back.
func (m *Model) noteRoom(msg RoomMsg) {
	m.room.last = msg
	switch {
	case msg.Presenters > 0 && m.room.left:
		m.room.left, m.room.back = false, true
	case msg.Presenters == 0 && m.room.presented:
		m.room.left, m.room.back = true, false
	}
	m.room.presented = m.room.presented || msg.Presenters > 0
}

// lessonRevealedAt makes sure the lesson is at experiment idx (0-based)
// with its verdict revealed or on its way, starting its run when it is not.
func (m *Model) lessonRevealedAt(idx int) tea.Cmd {
	if m.lesson == nil {
		m.lesson = m.newLessonInRoom()
	}
	l := m.lesson
	if idx < 0 || idx >= len(l.exps) {
		return nil
	}
	if l.cur == idx && l.phase != phaseAsk {
		return nil
	}
	if l.sess != nil {
		return nil // a run of another experiment still going: its verdict first
	}
	l.cur = idx
	l.reset()
	if !m.opts.Room.Presenter() {
		l.locked[idx] = true // the presenter revealed it, to step through it
	}
	return m.startExperiment()
}
