package serve_test

import (
	"strings"
	"testing"
)

// A presenter whose connection drops and who connects again picks the
// room up where they left it: their new screen opens the run at its step,
// the students are told the presenter is back without being moved, and
// they follow the presenter's next step from there.
func TestPresenterComesBack(t *testing.T) {
	ts := startServer(t, nil)
	pres, class := openClass(t, ts, 1, size{120, 35}, size{120, 35})
	stu := class[0]
	pres.send("2")
	pres.waitText("after-commit=1*crash", wait)
	pres.send(" ")
	pres.waitText("step 1", wait)
	stu.waitText("step 1", wait)

	pres.close() // the connection drops
	stu.waitText("following the presenter, who has left", wait)

	back := openTerm(t, ts.addr, presenterAuth(ts), size{120, 35})
	back.waitText("back where you left the room", wait)
	back.waitText("after-commit=1*crash", wait)
	back.waitText("step 1", wait)
	stu.waitText("following the presenter, who is back", wait)
	if s := stu.screen(); !strings.Contains(s, "step 1") || !strings.Contains(s, "after-commit=1*crash") {
		t.Fatalf("the presenter's return moved the student:\n%s", s)
	}

	back.send(" ")
	back.waitText("step 2", wait)
	stu.waitText("step 2", wait)
	stu.waitFor("the news of the return gone", wait, func(s string) bool { return !strings.Contains(s, "who is back") })
	back.waitFor("the presenter's own line", wait, func(s string) bool { return !strings.Contains(s, "back where you left") })
}
