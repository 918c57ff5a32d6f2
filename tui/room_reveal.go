package tui

import "fmt"

// In a room the presenter decides when a lesson's verdict is revealed: a
// student who follows predicts, and their lab runs the experiment when the
// presenter's does. Before, a follower's enter ran it at once: the verdict
// on their screen ahead of the room's, and their answer locked. A student
// on their own (after F, or on a server with no presenter) runs it when
// they like, as alone.

// revealWaits reports whether this UI's lesson reveals only on the
// presenter's cue.
func (m *Model) revealWaits() bool {
	return m.opts.Room != nil && !m.opts.Room.Presenter() && m.room.following && !m.room.last.NoPresenter
}

// revealWaitsWords say why enter did nothing, and the way to run it now.
const revealWaitsWords = "enter does nothing while you follow: the presenter reveals the verdict. F: go your own way and run it yourself."

// revealWaitsHint is the line where enter would be offered.
const revealWaitsHint = "the presenter runs it and reveals the verdict; your answer can change until then"

// lockedHint is the line under a question the room has already revealed:
// the answer on screen is the one the room counted, and stays.
const lockedHint = "the presenter revealed this experiment: your answer stays as the room counted it"

// lockedWords say why an answer key did nothing on a revealed experiment.
func lockedWords(exp int, p prediction) string {
	return fmt.Sprintf("experiment %d is revealed: your answer stays %s", exp+1, p.String())
}
