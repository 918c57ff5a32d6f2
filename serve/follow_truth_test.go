package serve_test

import (
	"strings"
	"testing"
)

// Over real SSH: a following student's enter does not reveal the verdict
// before the presenter does, and says why; the presenter's reveal does.
// A student who moves on past the presenter is told they are ahead, and
// reads "following" again once the presenter is there too.
func TestFollowerWaitsAndIsToldWhenAhead(t *testing.T) {
	pres, stu := openPair(t, startServer(t, nil))
	pres.send("l")
	stu.waitText("experiment 1 of", wait)
	stu.send("c")
	pres.waitText("1 of 1 answered: consistent 1", wait)
	stu.waitText("the presenter runs it and reveals the verdict", wait)
	stu.send("\r")
	stu.waitText("enter does nothing while you follow", wait)
	if scr := stu.screen(); strings.Contains(scr, "You said:") || strings.Contains(scr, "The run shows") {
		t.Fatalf("a follower's enter revealed the verdict before the presenter:\n%s", scr)
	}
	pres.send("\r")
	stu.waitText("You said: consistent", wait)
	stu.waitText("The run shows:", wait)
	// The presenter's lab runs it too, and a key during that run does nothing:
	// → waits for the presenter's verdict.
	pres.waitText("The run shows:", wait)

	stu.send("\x1b[C") // →: on to experiment 2, ahead of the presenter
	stu.waitText("ahead of the presenter, who is on experiment 1, revealed", wait)
	if scr := stu.screen(); strings.Contains(scr, "following the presenter") {
		t.Fatalf("a student ahead reads following:\n%s", scr)
	}
	pres.waitText("1 connected · 0 following · 1 ahead or away", wait)
	pres.send("\x1b[C")
	stu.waitFor("following again", wait, func(s string) bool {
		return strings.Contains(s, "following the presenter") && !strings.Contains(s, "ahead of")
	})
	pres.waitText("1 connected · 1 following", wait)
	if scr := pres.screen(); strings.Contains(scr, "ahead or away") {
		t.Errorf("a student back in step is counted away:\n%s", scr)
	}
}

// A student who follows again is told where the presenter is, even on the
// home screen: before, they were sent nothing then, and read "following"
// as if the presenter were still on the run they left.
func TestFollowingAgainLearnsThePresenterWentHome(t *testing.T) {
	pres, stu := openPair(t, startServer(t, nil))
	pres.send("\r") // naive
	pres.waitText("step 0", wait)
	stu.waitText("step 0", wait)
	stu.send("F")
	stu.waitText("on your own", wait)
	pres.send("\x1b") // esc: home
	pres.waitText("▸ naive", wait)
	stu.send("F")
	stu.waitText("following the presenter, now on the home screen", wait)

	// Stepping on, the presenter at home: ahead, and B takes them back to where
	// the presenter left the room.
	stu.send(" ")
	stu.waitText("ahead of the presenter, now on the home screen · B: back to step 0 of naive", wait)
	stu.send("B")
	stu.waitText("step 0", wait)
	stu.waitText("following the presenter, now on the home screen", wait)
}
