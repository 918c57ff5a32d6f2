package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/scenarios"
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

// matrixCellMsg is a judged cell of a matrix; matrixDoneMsg says its
// channel is closed: every run of it is closed and its files are gone.
type matrixCellMsg struct {
	id   int
	cell scenarios.Cell
}

type matrixDoneMsg struct{ id int }

// nextCell waits for the next judged cell of a matrix. One is asked for at a
// time, and the next only once Update has taken this one, so the matrix
// fills in one message per cell.
func nextCell(mr *matrixRun) tea.Cmd {
	return func() tea.Msg {
		c, ok := <-mr.ch
		if !ok {
			return matrixDoneMsg{id: mr.id}
		}
		return matrixCellMsg{id: mr.id, cell: c}
	}
}

// drainCmd stops a matrix and waits for its runs to be closed.
func drainCmd(mr *matrixRun) tea.Cmd {
	return func() tea.Msg {
		mr.drain()
		return matrixDoneMsg{id: mr.id}
	}
}
