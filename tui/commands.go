package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Messages and the commands that send them. Every call on a run happens in a
// command, never in Update, so no step blocks the UI.

// opMsg is the outcome of an operation on a session, with what the stores
// held after it.
type opMsg struct {
	sid   int
	op    string
	frame frame
	err   error
}

// closedMsg says a session is closed and its files are gone.
type closedMsg struct {
	sid int
	err error
}

// autoTickMsg is autoplay's clock; gen tells a current tick from a stale one.
type autoTickMsg struct{ gen int }

func opCmd(s *session, op string, f func() (frame, error)) tea.Cmd {
	return func() tea.Msg {
		fr, err := f()
		return opMsg{sid: s.id, op: op, frame: fr, err: err}
	}
}

func closeCmd(s *session) tea.Cmd {
	return func() tea.Msg {
		return closedMsg{sid: s.id, err: s.close()}
	}
}

func autoTick(gen int, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return autoTickMsg{gen: gen} })
}
