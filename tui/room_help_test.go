package tui

import "testing"

// quietRoom is a room of one: it records nothing.
type quietRoom struct{}

func (quietRoom) Presenter() bool              { return false }
func (quietRoom) Cue(Cue)                      {}
func (quietRoom) Follow(bool)                  {}
func (quietRoom) Predict(int, Prediction) bool { return true }
func (quietRoom) Stray(bool)                   {}

// Over dualwrite serve the help names the follow key; alone it does not.
func TestHelpNamesTheFollowKeyInARoom(t *testing.T) {
	for _, c := range []struct {
		room Room
		want bool
	}{{quietRoom{}, true}, {nil, false}} {
		h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig(), Room: c.room}, 100, 30)
		h.idle()
		h.press("?")
		if c.want {
			h.contains("follow on/off")
		} else {
			h.lacks("follow on/off")
		}
	}
}
