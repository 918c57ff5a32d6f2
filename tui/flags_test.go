package tui

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/trace"
)

func TestFlagsOf(t *testing.T) {
	commit := func(o string) trace.Event {
		return trace.Event{Actor: trace.Service, Target: trace.SQLite, Step: "commit", Order: o}
	}
	apply := func(o string) trace.Event {
		return trace.Event{Actor: trace.Consumer, Target: trace.SQLite, Step: "apply", Order: o, Outcome: lab.Applied}
	}
	events := []trace.Event{
		commit("o-1"),
		apply("o-1"),
		apply("o-1"), // 1: a second apply of an order committed once
		{Actor: trace.Service, Step: "fault", Order: "o-2", Fault: "commit=error"},
		commit("o-2"), // 4: the error struck it
		apply("o-2"),  // a ghost's one apply: not a duplicate
		{Actor: trace.Consumer, Target: trace.SQLite, Step: "absorb", Order: "o-1"},
		{Actor: trace.Service, Step: "fault", Order: "o-3", Fault: "after-commit=crash"},
		commit("o-3"), // a crash is no failed commit
		{Actor: trace.Consumer, Step: "fault", Order: "o-3", Fault: "consumer.before-apply=error"},
		apply("o-3"), // 10: failed
		apply("o-3"), // 11: the redelivery applied: the first that did
		commit("o-4"),
		{Actor: trace.Consumer, Target: trace.SQLite, Step: "apply", Order: "o-4", Outcome: "poison"}, // 13: refused
		{Actor: trace.Consumer, Target: trace.SQLite, Step: "apply", Order: "o-4", Outcome: "poison"}, // 14: refused again, no second apply
		commit("o-5"),
		{Actor: trace.Consumer, Target: trace.SQLite, Step: "apply", Order: "o-5", Outcome: "refused"}, // 16: failed without a fault
		apply("o-5"), // the redelivery applied: the first that did
	}
	want := map[int]stepFlag{2: flagDuplicate, 4: flagFailed, 6: flagAbsorbed, 10: flagFailed, 13: flagFailed, 14: flagFailed, 16: flagFailed}
	got := flagsOf(events, true)
	for i := range events {
		if got[i] != want[i] {
			t.Errorf("event %d (%s %s): flag %d, want %d", i, events[i].Step, events[i].Order, got[i], want[i])
		}
	}
	// With more versions per order the trace does not say which one an
	// apply applied: no duplicate is claimed.
	if flagsOf(events, false)[2] != flagNone {
		t.Error("a second apply is called a duplicate in a lifecycle run")
	}
}

func TestArmedFaults(t *testing.T) {
	fault := func(f string) trace.Event { return trace.Event{Step: "fault", Fault: f} }
	events := []trace.Event{fault("after-commit=crash"), fault("publish=ack-lost"), fault("publish=ack-lost")}
	got := armedFaults([]string{"after-commit=1*crash", "publish=3*ack-lost", "publish=2*ack-lost", "commit=error", "relay.publish=1*crash"}, events)
	want := []string{"struck after-commit=1*crash", "publish=3*ack-lost (struck 2×)", "struck publish=2*ack-lost", "commit=error", "relay.publish=1*crash"}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("%d: %q, want %q", i, got[i].String(), want[i])
		}
	}
}

// The anomalies show on the diagram at the step where they happen, before
// any verdict: a failed commit, a second apply, a struck one-shot fault. A
// poison event refused twice is two failed applies, no duplicate.
func TestAnomaliesFlaggedAsTheyHappen(t *testing.T) {
	for _, c := range []struct {
		strategy, fault string
		at              func([]trace.Event) bool
		want            []string
		inRecovery      bool // the recovery is one step: the flag shows with the verdict
		lacks           []string
	}{
		{"outbox", "consumer.before-apply=1*poison", func(e []trace.Event) bool { return count(e, "apply") >= 2 },
			[]string{"├─✗ apply"}, true, []string{"DUP"}},
		{"publish-first", "commit=1*error", func(e []trace.Event) bool { return hasStep(e, "commit") },
			[]string{"├─✗ commit", "⚡ struck commit=1*error"}, false, nil},
		{"outbox", "relay.after-publish=1*crash", func(e []trace.Event) bool { return count(e, "apply") >= 2 },
			[]string{"├─DUP", "⚡ struck relay.after-publish=1*crash"}, true, nil},
		{"outbox-dedup", "consumer.after-apply=1*crash", func(e []trace.Event) bool { return hasStep(e, "absorb") },
			[]string{"≡ absorb"}, true, nil},
	} {
		t.Run(c.strategy, func(t *testing.T) {
			h := newHarness(t, Options{Run: startRun(t, c.strategy, 1, c.fault), Base: baseConfig()}, 120, 35)
			h.idle()
			for n := 0; !c.at(h.run().fr.events); n++ {
				if n > 80 || (h.run().fr.finished && !c.inRecovery) {
					t.Fatalf("the step never came:\n%s", h.screen())
				}
				h.step(1)
			}
			if h.run().fr.finished && !c.inRecovery {
				t.Fatal("flagged only at the verdict")
			}
			h.contains(c.want...)
			h.lacks(c.lacks...)
		})
	}
}

func last(e []trace.Event) trace.Event { return e[len(e)-1] }

func hasStep(e []trace.Event, step string) bool {
	for _, x := range e {
		if x.Step == step {
			return true
		}
	}
	return false
}

func count(e []trace.Event, step string) int {
	n := 0
	for _, x := range e {
		if x.Step == step && strings.HasPrefix(x.Target, "sqlite") {
			n++
		}
	}
	return n
}
