package serve_test

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/serve"
)

// F switches follow mode: a student on their own stays where they are, and
// catches up with the presenter when they follow again.
func TestFollowToggles(t *testing.T) {
	pres, stu := openPair(t, startServer(t, nil))
	stu.send("F")
	stu.waitText("on your own · F: follow the presenter", wait)
	pres.waitText("1 connected · 0 following", wait)

	pres.send("2")
	pres.waitText("after-commit=1*crash", wait)
	pres.send(" ")
	pres.waitText("step 1", wait)
	stu.send("j") // their own way: the next strategy on the home screen
	stu.waitText("▸ publish-first", wait)
	if strings.Contains(stu.screen(), "after-commit=1*crash") {
		t.Fatalf("a student on their own followed the presenter:\n%s", stu.screen())
	}

	stu.send("F")
	stu.waitText("following the presenter", wait)
	stu.waitText("after-commit=1*crash", wait)
	stu.waitText("step 1", wait)
	pres.waitText("1 connected · 1 following", wait)
}

// A prediction counts until the reveal; a change after it is not tallied,
// nor shown on the student's screen, even on their own.
func TestPredictionsFreezeAtTheReveal(t *testing.T) {
	ts := startServer(t, nil)
	pres, stu := openPair(t, ts)
	pres.send("l")
	stu.waitText("experiment 1 of", wait)
	stu.send("l")
	pres.waitText("1 of 1 answered: lost 1", wait)
	stu.send("lc") // changed their mind: consistent
	pres.waitText("1 of 1 answered: consistent 1", wait)

	stu.send("F") // on their own, still asking
	pres.waitText("0 following", wait)
	pres.send("\r")
	pres.waitText("The room predicted (1 of 1 answered): consistent 1", wait)
	pres.waitText("consistent 1 · revealed, final", wait)
	stu.send("cg") // too late: their screen keeps the answer the room counted
	stu.waitText("experiment 1 is revealed: your answer stays consistent", wait)
	if scr := stu.screen(); strings.Contains(scr, "[✓] ghost") || !strings.Contains(scr, "[✓] consistent") {
		t.Errorf("a student's screen took an answer the room refused:\n%s", scr)
	}
	// A second student joining makes the room tell the presenter its counts
	// again, after the first one's late change reached it.
	openTerm(t, ts.addr, studentAuth(), studentSize)
	pres.waitText("2 connected", wait)
	if scr := pres.screen(); !strings.Contains(scr, "answered): consistent 1") || strings.Contains(scr, "ghost 1") {
		t.Errorf("the tally changed after the reveal:\n%s", scr)
	}
}

// A student is told when nobody presents yet, when the presenter comes,
// and when they leave.
func TestStudentSeesWhetherAPresenterIsThere(t *testing.T) {
	ts := startServer(t, nil)
	stu := openReady(t, ts.addr, studentAuth(), studentSize, "following the presenter, who is not connected yet")
	pres := openTerm(t, ts.addr, presenterAuth(ts), presenterSize)
	stu.waitFor("the presenter connected", wait, func(s string) bool {
		return strings.Contains(s, "following the presenter · F") && !strings.Contains(s, "not connected yet")
	})
	pres.send("q")
	pres.waitEnd(wait)
	// Not "yet": the presenter was there and left.
	stu.waitText("following the presenter, who has left", wait)
}

// On a server that knows no presenter key, a student is not told to wait for
// one.
func TestNoPresenterKeyMeansOnYourOwn(t *testing.T) {
	ts := startServer(t, func(c *serve.Config) { c.PresenterKeys = nil })
	stu := openReady(t, ts.addr, studentAuth(), studentSize, "on your own: this server has no presenter")
	if strings.Contains(stu.screen(), "not connected yet") {
		t.Errorf("a student is told to wait for a presenter who cannot come:\n%s", stu.screen())
	}
}

// ← after a reveal puts the presenter back at the question: the room's
// tally is this experiment's again, no longer final, and counts what the
// students send now. Before, it stayed frozen at the first answers. Each
// student's answer is back on their screen and in the tally, and may change
// until the next reveal.
func TestGoingBackAsksTheRoomAgain(t *testing.T) {
	pres, stu := openPair(t, startServer(t, nil))
	pres.send("l")
	stu.waitText("experiment 1 of", wait)
	stu.send("l")
	pres.waitText("1 of 1 answered: lost 1", wait)
	pres.send("\r")
	pres.waitText("The room predicted (1 of 1 answered): lost 1", wait) // the run is done: ← works
	pres.waitText("lost 1 · revealed, final", wait)
	stu.waitText("You said: lost", wait)

	pres.send("\x1b[D") // ←: back to the question
	pres.waitText("What will shipping end up believing? Ask the room.", wait)
	stu.waitText("Your prediction:", wait)
	stu.waitText("You say: lost", wait)
	pres.waitText("1 of 1 answered: lost 1", wait)
	stu.send("lg")
	pres.waitText("1 of 1 answered: ghost 1", wait)
	if scr := pres.screen(); strings.Contains(scr, "revealed, final") {
		t.Errorf("the tally of a question asked again says it is final:\n%s", scr)
	}
	pres.send("\r")
	pres.waitText("The room predicted (1 of 1 answered): ghost 1", wait)
	pres.waitText("ghost 1 · revealed, final", wait)
}

// Every answer a student can give reaches the presenter, in words: an
// answer on ambiguity alone, and ambiguity beside an outcome. Before, a
// student's a was never sent.
func TestAmbiguousAnswerReachesTheRoom(t *testing.T) {
	pres, stu := openPair(t, startServer(t, nil))
	pres.send("l")
	stu.waitText("experiment 1 of", wait)
	stu.send("a")
	pres.waitText("1 of 1 answered: ambiguous, no outcome 1", wait)
	stu.send("l")
	pres.waitText("1 of 1 answered: lost (ambiguous) 1", wait)
	stu.send("a")
	pres.waitText("1 of 1 answered: lost (not ambiguous) 1", wait)
	stu.send("la")
	pres.waitText("0 of 1 answered: no predictions yet", wait)
}
