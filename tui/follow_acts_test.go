package tui

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

// follower is a student's UI fed the presenter's cue, as dualwrite serve
// feeds it.
type follower struct {
	p, f *harness
}

// sync sends the presenter's cue and waits until the follower's run is
// where the presenter's is: the same step, the same acts, done or not.
func (x follower) sync(what string) {
	x.f.t.Helper()
	x.p.idle()
	c := x.p.m.cueNow()
	x.f.send(CueMsg(c))
	x.f.until(what, func() bool {
		r := x.f.m.run
		return r != nil && r.loaded && !r.busy && x.f.m.room.cue == nil &&
			r.fr.steps == c.Steps && r.fr.acts == c.Acts && r.fr.finished == c.Finished
	})
}

// A follower's lab is the presenter's world, not only at the same step: a
// crash by hand, the broker switched, a step back and the run to the end
// are followed. Before, the student's screen said "following the
// presenter" with its service never crashed, and stopped short of the
// verdict the presenter showed.
func TestFollowerDoesWhatThePresenterDid(t *testing.T) {
	x := follower{
		p: newHarness(t, Options{Base: baseConfig(), Room: presenterRoom{}}, 80, 24),
		f: newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}}, 80, 24),
	}
	p := x.p
	p.press("down", "enter") // publish-first
	p.idle()
	p.step(2)
	p.press("c")
	x.sync("the crash")
	if g := x.f.m.run.fr.snap.ServiceGen; g != 2 {
		t.Fatalf("the follower's service is #%d after the presenter's crash, want #2", g)
	}
	x.f.contains("killed by hand")

	p.press("r")
	p.until("the verdict", func() bool { return p.run().fr.finished })
	x.sync("the verdict")
	pa, fa := p.run().fr.report.Anomalies, x.f.m.run.fr.report.Anomalies
	if pa != fa || pa.Ghost != 1 {
		t.Fatalf("the presenter's verdict %+v, the follower's %+v; want the same, with a ghost", pa, fa)
	}

	p.press("left")
	p.idle()
	p.press("b")
	x.sync("the step back and the broker")
	if x.f.m.run.fr.snap.BrokerUp || x.f.m.run.fr.finished {
		t.Fatalf("the follower's broker is up (or its run finished) after the presenter stepped back and took it down")
	}
	x.f.contains("The NATS server stops")
}

// A fault armed from the picker reaches the follower as the presenter armed
// it.
func TestActsRoundTrip(t *testing.T) {
	s, err := scenarios.Lookup("naive")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := s.ParseFaults([]string{"publish=1*error->crash"})
	if err != nil {
		t.Fatal(err)
	}
	acts := []act{{at: 2, kind: actCrash}, {at: 3, kind: actBroker}, {at: 4, kind: actArm, fault: fs[0]}}
	enc := encodeActs(acts)
	back, err := decodeActs(s, enc)
	if err != nil {
		t.Fatal(err)
	}
	if again := encodeActs(back); again != enc || len(back) != 3 || back[2].fault.String() != "publish=1*error->crash" {
		t.Fatalf("%q came back as %q (%d acts)", enc, again, len(back))
	}
	for _, bad := range []string{"x crash", "2 jump", "2 arm nowhere=crash", "2", "2 crash now"} {
		if _, err := decodeActs(s, bad); err == nil {
			t.Errorf("%q decoded without an error", bad)
		}
	}
}

// A run the presenter opens from the matrix is one of the strategy's
// experiments: the cue names it, so a follower opens it with its faults
// rather than the strategy's fault-free run.
func TestMatrixCellCuesItsExperiment(t *testing.T) {
	x := follower{
		p: newHarness(t, Options{Base: baseConfig(), Room: presenterRoom{}}, 80, 24),
		f: newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}}, 80, 24),
	}
	mx, _, _ := fakeMatrix(t)
	x.p.m.matrix, x.p.m.state = mx, stateMatrix
	mx.cur = cellOf(t, mx, "naive", "service crash")
	x.p.press("enter")
	x.p.idle()
	x.p.step(4)
	x.sync("the cell's run")
	pf, ff := x.p.run().fr.faults, x.f.m.run.fr.faults
	if len(pf) == 0 || strings.Join(pf, ",") != strings.Join(ff, ",") {
		t.Fatalf("the presenter's run armed %v, the follower's %v", pf, ff)
	}
}
