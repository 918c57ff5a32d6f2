package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/faults"
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
			r.fr.steps == c.Steps && r.fr.acts.Equal(c.Acts) && r.fr.finished == c.Finished
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

// The cue's acts are typed, and two acts are the same only when their
// step, their kind and their fault (point and every term) are.
func TestActsEqual(t *testing.T) {
	s, err := scenarios.Lookup("naive")
	if err != nil {
		t.Fatal(err)
	}
	fault := func(spec string) faults.Fault {
		fs, err := s.ParseFaults([]string{spec})
		if err != nil {
			t.Fatal(err)
		}
		return fs[0]
	}
	base := Acts{{at: 2, kind: actCrash}, {at: 3, kind: actBroker}, {at: 4, kind: actArm, fault: fault("publish=1*error->crash")}}
	same := Acts{{at: 2, kind: actCrash}, {at: 3, kind: actBroker}, {at: 4, kind: actArm, fault: fault("publish=1*error->crash")}}
	if !base.Equal(same) || !Acts(nil).Equal(Acts{}) {
		t.Fatalf("equal acts compare unequal")
	}
	for what, other := range map[string]Acts{
		"a step":          {{at: 1, kind: actCrash}, base[1], base[2]},
		"a kind":          {{at: 2, kind: actBroker}, base[1], base[2]},
		"a term":          {base[0], base[1], {at: 4, kind: actArm, fault: fault("publish=2*error->crash")}},
		"a point":         {base[0], base[1], {at: 4, kind: actArm, fault: fault("commit=1*error->crash")}},
		"a shorter chain": {base[0], base[1], {at: 4, kind: actArm, fault: fault("publish=1*error")}},
		"one act less":    base[:2],
	} {
		if base.Equal(other) {
			t.Errorf("acts differing in %s compare equal", what)
		}
	}
}

// A run the presenter opens from the matrix is one of the strategy's
// experiments: the cue names it, so a follower opens it with its faults
// rather than the strategy's fault-free run.
//
// The cell runs with the matrix's seed and orders, not serve's --seed and
// --orders, which every session's home screen uses: the follower runs the
// presenter's, so both see the same run. Before, the follower ran seed 7
// beside the presenter's seed 1.
func TestMatrixCellCuesItsExperiment(t *testing.T) {
	served := scenarios.Spec{Seed: 7, Orders: 5} // dualwrite serve --seed 7 --orders 5
	x := follower{
		p: newHarness(t, Options{Base: served, Room: presenterRoom{}}, 80, 24),
		f: newHarness(t, Options{Base: served, Room: quietRoom{}}, 80, 24),
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
	x.p.press("r")
	x.p.until("the verdict", func() bool { return x.p.run().fr.finished })
	x.sync("the cell's verdict")
	pr, fr := x.p.run().fr.report, x.f.m.run.fr.report
	if pr.Seed != 1 || fr.Seed != pr.Seed || fr.Orders != pr.Orders {
		t.Fatalf("the presenter's cell ran seed %d with %d orders, the follower's seed %d with %d orders; want the cell's seed 1 in both",
			pr.Seed, pr.Orders, fr.Seed, fr.Orders)
	}
	if !sameTrace(x.p.run().fr.events, x.f.m.run.fr.events) {
		t.Errorf("the follower's trace is not the presenter's")
	}
}

// The cue's acts are shared by every follower of the room: a follower's own
// crash after following is its own, never written into the presenter's.
func TestFollowingKeepsTheCuesActs(t *testing.T) {
	s, err := scenarios.Lookup("naive")
	if err != nil {
		t.Fatal(err)
	}
	sess := newSession(context.Background(), s, scenarios.Spec{Strategy: s, Seed: 1}.Config(), nil, nil)
	t.Cleanup(func() { sess.close() })
	cue := make(Acts, 1, 4) // room to grow: an append would write into it
	cue[0] = act{at: 0, kind: actBroker}
	if _, err := sess.follow(1, cue, false); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.crash(); err != nil {
		t.Fatal(err)
	}
	if grown := cue[:2]; !grown[1].equal(act{}) {
		t.Fatalf("the follower's crash went into the cue's acts: %+v", grown)
	}
}
