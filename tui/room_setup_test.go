package tui

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/trace"
)

// localConfig are the fields of lab.Config that are a session's own, not
// the world it builds: a follower keeps its own. Every other field is in
// RunSetup, so a switch added to the lab is followed or said to be local.
var localConfig = map[string]bool{
	"Name": true, "Strategy": true, "Points": true, // the strategy the cue names
	"Dir": true, "Resume": true, "Fresh": true, "TempDir": true, // where the files go
	"Listen": true, "Token": true, "NATSURL": true, "Broker": true, // where the broker is
	"Headless": true, "Wall": true, "WallLimit": true, // the UI drives it; the safety net on the real clock
}

// RunSetup holds every field of lab.Config that is not a session's own,
// and setupOf and apply carry each one across.
func TestRunSetupIsTheWholeConfig(t *testing.T) {
	ct, st := reflect.TypeFor[lab.Config](), reflect.TypeFor[RunSetup]()
	var from lab.Config
	cv := reflect.ValueOf(&from).Elem()
	for i := range ct.NumField() {
		f := ct.Field(i)
		if localConfig[f.Name] {
			continue
		}
		sf, ok := st.FieldByName(f.Name)
		if !ok || sf.Type != f.Type {
			t.Errorf("lab.Config.%s (%s) is not in RunSetup: a follower would not get it; add it, or to localConfig if it is the session's own", f.Name, f.Type)
			continue
		}
		// A value of its own for each field, so a field copied into
		// another's place shows.
		v := cv.Field(i)
		switch v.Kind() {
		case reflect.Int, reflect.Int64:
			v.SetInt(int64(i + 1))
		case reflect.Bool:
			v.SetBool(true)
		case reflect.String:
			v.SetString("inbox")
		case reflect.Slice:
			v.Set(reflect.ValueOf([]faults.Fault{{Point: "publish", Chain: faults.Chain{{Count: i, Action: faults.Crash}}}}))
		default:
			t.Fatalf("lab.Config.%s: no test value for a %s", f.Name, v.Kind())
		}
	}
	var to lab.Config
	setupOf(from).apply(&to)
	tv := reflect.ValueOf(to)
	for i := range ct.NumField() {
		name := ct.Field(i).Name
		if !localConfig[name] && !reflect.DeepEqual(cv.Field(i).Interface(), tv.Field(i).Interface()) {
			t.Errorf("lab.Config.%s is %v, then %v through RunSetup", name, cv.Field(i).Interface(), tv.Field(i).Interface())
		}
	}
	if !setupOf(from).Equal(setupOf(to)) {
		t.Errorf("a setup carried across is not equal to itself")
	}
	other := setupOf(from)
	other.Faults = []faults.Fault{{Point: "publish", Chain: faults.Chain{{Count: 99, Action: faults.Crash}}}}
	if other.Equal(setupOf(from)) {
		t.Errorf("setups with other faults compare equal")
	}
	other = setupOf(from)
	other.SettleTimeout += time.Second
	if other.Equal(setupOf(from)) {
		t.Errorf("setups with another timing compare equal")
	}
}

// A switch the presenter changes in the picker (the consumer's guarantee,
// --consumers, --max-deliver) starts a run the followers start too: they
// follow the presenter's whole run, not only its strategy and faults.
// Before, a follower stayed on the run the strategy opened with.
func TestFollowerRunsThePresentersSwitches(t *testing.T) {
	x := follower{
		p: newHarness(t, Options{Base: baseConfig(), Room: presenterRoom{}}, 120, 34),
		f: newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}}, 120, 34),
	}
	p := x.p
	for _, s := range scenarios.All() {
		if s.ID == "outbox" {
			break
		}
		p.press("down")
	}
	p.press("enter")
	p.idle()
	if id := p.run().strat.ID; id != "outbox" {
		t.Fatalf("opened %s, want outbox", id)
	}
	p.step(1)
	x.sync("the run as the strategy opens it") // the switches below change a run the follower has
	pickSwitch(p, "switch --consumers", "4")
	pickSwitch(p, "switch --max-deliver", "3")
	p.press("f", "up", "enter")
	for p.run().picker.terms[p.run().picker.term] != string(lab.Inbox) {
		p.press("down")
	}
	p.press("enter")
	p.idle()
	p.step(3)
	x.sync("the presenter's switches")
	ps, fs := p.run().fr.setup, x.f.m.run.fr.setup
	if ps.Consumers != 4 || ps.MaxDeliver != 3 || ps.Consumer != lab.Inbox {
		t.Fatalf("the presenter's run: consumers %d, max-deliver %d, consumer %q; the picker did not set them", ps.Consumers, ps.MaxDeliver, ps.Consumer)
	}
	if !fs.Equal(ps) {
		t.Fatalf("the follower runs %+v, the presenter %+v", fs, ps)
	}
	if !traceHas(x.f, "4 shipping instances share the durable consumer") || !sameTrace(p.run().fr.events, x.f.m.run.fr.events) {
		t.Errorf("the follower's trace is not the presenter's fleet of 4")
	}
}

// sameTrace reports whether two runs took the same steps, timings aside.
func sameTrace(a, b []trace.Event) bool {
	return len(a) > 0 && slices.EqualFunc(a, b, func(x, y trace.Event) bool {
		return x.Actor == y.Actor && x.Step == y.Step && x.Order == y.Order && x.Outcome == y.Outcome &&
			x.Version == y.Version && x.Seq == y.Seq && x.Fault == y.Fault
	})
}
