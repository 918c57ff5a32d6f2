package tui

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/trace"
)

// misleading is prose that says the opposite of the typed facts beside it:
// a reader that decides from the words instead of the fields gets it wrong.
const misleading = "SIMULATED CONSISTENT: redelivery #3 by hand failed, seq 99 OrderCancelled o-9 v9 (Nats-Msg-Id m-99)"

// The narration and the diagram decide from the trace's typed fields, never
// from the words of Detail.
func TestReadersDecideFromTypedFields(t *testing.T) {
	cases := []struct {
		e        trace.Event
		want     string // in the sentence
		dontWant string // not in the sentence
	}{
		{trace.Event{Actor: trace.NATS, Target: trace.Consumer, Step: "deliver", Order: "o-1", Version: 1, Type: "OrderPlaced", Seq: 4, Delivery: 2},
			"redelivery (delivery 2)", "OrderCancelled"},
		{trace.Event{Actor: trace.NATS, Target: trace.Consumer, Step: "deliver", Order: "o-1", Version: 1, Type: "OrderPlaced", Seq: 4, Delivery: 1},
			"delivers seq 4 to shipping: OrderPlaced o-1 v1.", "redelivery"},
		{trace.Event{Actor: trace.Service, Target: trace.NATS, Step: "publish", Order: "o-1", Version: 1, Type: "OrderPlaced"},
			"publishes OrderPlaced o-1 v1", "Nats-Msg-Id"},
		{trace.Event{Actor: "relay", Target: trace.NATS, Step: "publish", Order: "o-1", Version: 1, Type: "OrderPlaced", MsgID: "outbox-1"},
			"Nats-Msg-Id outbox-1", "m-99"},
		{trace.Event{Actor: trace.Lab, Target: trace.Service, Step: "crash"}, "killed at a fault", "by hand"},
		{trace.Event{Actor: trace.Lab, Target: trace.Service, Step: "crash", ByHand: true}, "killed by hand", "at a fault"},
		{trace.Event{Actor: trace.Service, Target: trace.SQLite, Step: "write", Order: "o-1"}, "inside the open transaction", "write failed"},
		{trace.Event{Actor: trace.Service, Target: trace.SQLite, Step: "write", Order: "o-1", Outcome: "fail"}, "The write failed", "inside the open transaction"},
		{trace.Event{Actor: "coordinator", Target: trace.NATS, Step: "stage", Order: "o-1", Simulated: true}, "NATS votes yes", "votes no"},
		{trace.Event{Actor: "coordinator", Target: trace.NATS, Step: "stage", Order: "o-1", Outcome: "fail"}, "NATS votes no", "votes yes"},
		{trace.Event{Actor: trace.Lab, Step: "start"}, "A fresh world", "SIMULATED"},
		{trace.Event{Actor: trace.Consumer, Target: trace.NATS, Step: "ack", Order: "o-1", Seq: 7}, "acks seq 7", "seq 99"},
		{trace.Event{Actor: "connector", Target: trace.NATS, Step: "load offset", Offset: "12"}, "saved offset 12", "99"},
		{trace.Event{Actor: "connector", Target: trace.NATS, Step: "load offset"}, "no saved offset", "99"},
		{trace.Event{Actor: "poller", Target: trace.SQLite, Step: "poll", Order: "o-1", Count: 2}, "finds 2 rows", "o-9"},
		{trace.Event{Actor: trace.Consumer, Target: trace.SQLite, Step: "absorb", Order: "o-1", Version: 2, MsgID: "outbox-3"}, "finds outbox-3 in its inbox", "holds"},
		{trace.Event{Actor: trace.Consumer, Target: trace.SQLite, Step: "absorb", Order: "o-1", Version: 2}, "already holds v2 of o-1", "inbox"},
	}
	for _, c := range cases {
		c.e.Detail = misleading
		n := narrator{events: []trace.Event{c.e}}
		s := n.say(0)
		if !strings.Contains(s, c.want) || strings.Contains(s, c.dontWant) {
			t.Errorf("%s %+v:\n  said %q\n  want %q and not %q", c.e.Step, c.e, s, c.want, c.dontWant)
		}
	}

	lines := []struct {
		e    trace.Event
		want string
	}{
		{trace.Event{Actor: trace.Lab, Step: "verdict", Outcome: "inconsistent"}, "✗ verdict: INCONSISTENT"},
		{trace.Event{Actor: trace.Lab, Step: "verdict", Outcome: "consistent"}, "✓ verdict: CONSISTENT"},
		{trace.Event{Actor: trace.Lab, Step: "start"}, "start: fresh orders.db"},
		{trace.Event{Actor: trace.Lab, Step: "start", Simulated: true}, "SIMULATED two-phase commit"},
	}
	for _, c := range lines {
		c.e.Detail = misleading
		if got, _ := labLine(c.e); !strings.HasPrefix(got[0], c.want) {
			t.Errorf("labLine(%+v) = %q, want it to start with %q", c.e, got, c.want)
		}
	}
	req := trace.Event{Actor: trace.Service, Step: "request", Op: "pay", Order: "o-2", Detail: "place o-9 (misleading)"}
	if got, _ := note(req); got != "● pay o-2" {
		t.Errorf("note(request) = %q, want %q", got, "● pay o-2")
	}
}
