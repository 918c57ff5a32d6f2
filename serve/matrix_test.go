package serve_test

import (
	"fmt"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/serve"
)

func TestRoomRunsTheMatrixOnce(t *testing.T) {
	ts := startServer(t, nil)
	pres := openTerm(t, ts.addr, presenterAuth(ts), 120, 40)
	stu := openTerm(t, ts.addr, studentAuth(), 120, 40)
	pres.waitText("1 connected · 1 following", wait)
	pres.send("m")
	done := fmt.Sprintf("%d of %d done in", len(scenarios.Cells()), len(scenarios.Cells()))
	pres.waitText(done, 2*wait)
	stu.waitText(done, 2*wait)
	t.Logf("presenter:\n%s\nstudent:\n%s", pres.screen(), stu.screen())
	t.Logf("runs %d", serve.MatrixRuns(ts.srv))
}
