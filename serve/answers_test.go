package serve_test

import (
	"strings"
	"testing"
)

// Over real SSH, the defect as found: a student answers, peeks ahead and
// answers there too, and the presenter's reveal brings them back. The
// room's tally, the score and the student's "You said" are the same
// answer, the one given for that experiment; the one given ahead is there
// when the presenter gets there. Back at a revealed question the answer is
// locked; a change after moving around is counted with the new answer.
func TestPeekingAheadKeepsEachAnswerWhereItWasGiven(t *testing.T) {
	pres, stu := openPair(t, startServer(t, nil))
	pres.send("l")
	stu.waitText("experiment 1 of", wait)
	stu.send("c")
	pres.waitText("1 of 1 answered: consistent 1", wait)
	stu.send("\x1b[C") // →: ahead, to experiment 2
	stu.waitText("ahead of the presenter", wait)
	stu.send("l")
	stu.waitText("You say: lost", wait)

	pres.send("\r")
	pres.waitText("The room predicted (1 of 1 answered): consistent 1", wait)
	pres.waitText("1 of 1 predictions were right", wait)
	stu.waitText("You said: consistent", wait)
	stu.waitText("you were right", wait)

	pres.send("\x1b[C") // the presenter on to experiment 2
	pres.waitText("1 of 1 answered: lost 1", wait)
	stu.waitFor("experiment 2, its answer kept", wait, func(s string) bool {
		return strings.Contains(s, "experiment 2 of") && strings.Contains(s, "You say: lost")
	})

	stu.send("\x1b[D") // ←: behind, back at the revealed question
	stu.waitText("the presenter revealed this experiment", wait)
	stu.send("g")
	stu.waitText("experiment 1 is revealed: your answer stays consistent", wait)
	if scr := stu.screen(); strings.Contains(scr, "[✓] ghost") {
		t.Fatalf("a revealed experiment's answer changed on screen:\n%s", scr)
	}
	stu.send("B")
	stu.waitFor("back on experiment 2", wait, func(s string) bool {
		return strings.Contains(s, "experiment 2 of") && strings.Contains(s, "You say: lost")
	})
	stu.send("ld") // a change after moving around
	pres.waitText("1 of 1 answered: duplicate 1", wait)
	pres.send("\r")
	pres.waitText("The room predicted (1 of 1 answered): duplicate 1", wait)
	stu.waitText("You said: duplicate", wait)
}
