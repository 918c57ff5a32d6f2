package trace_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/trace"
)

// longTrace is one order through an outbox with a relay crash, then many
// more steps than a slide holds, with a file path in a detail.
func longTrace() []trace.Event {
	evs := []trace.Event{
		{Actor: trace.Lab, Step: "start", Detail: "orders.db and shipping.db in /tmp/dualwrite-123"},
		{Actor: trace.Service, Step: "request", Order: "o-1", Detail: "place o-1"},
		{Actor: trace.Service, Target: trace.SQLite, Step: "begin", Order: "o-1", Detail: "BEGIN"},
		{Actor: trace.Service, Target: trace.SQLite, Step: "commit", Order: "o-1", Detail: "COMMIT: o-1 v1; the end of it"},
		{Actor: trace.Relay, Target: trace.NATS, Step: "publish", Order: "o-1", Detail: "publish o-1"},
		{Actor: trace.Relay, Step: "fault", Order: "o-1", Fault: "relay.after-publish=crash", Detail: "crash after publish"},
		{Actor: trace.Lab, Target: trace.Service, Step: "crash", Detail: "killed; see /var/lib/x"},
		{Actor: trace.Lab, Step: "recover", Detail: "faults lifted"},
	}
	for i := range 30 {
		evs = append(evs,
			trace.Event{Actor: trace.NATS, Target: trace.Consumer, Step: "deliver", Order: "o-1", Detail: fmt.Sprintf("deliver seq %d", i)},
			trace.Event{Actor: trace.Consumer, Target: trace.SQLite, Step: "apply", Order: "o-1", Detail: "INSERT INTO shipments o-1"})
	}
	return evs
}

func TestSlide(t *testing.T) {
	var b strings.Builder
	if err := trace.WriteSlide(&b, longTrace(), trace.Slide{Order: "o-1", Findings: []string{"duplicate: o-1 was shipped 30 times"}}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if err := trace.CheckSlide(out); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	for _, want := range []string{
		"    autonumber\n",
		"box rgb(232,240,255) order service\n",
		"box rgb(236,248,236) downstream\n",
		"participant shipping_db as shipping.db",
		"consumer->>shipping_db: apply", // the consumer's sqlite is shipping.db
		"service->>orders_db: commit",   // the service's is orders.db
		"rect rgb(255,236,236)\n    Note over relay: ⚡ fault relay.after-publish=crash", // the window opens at the fault
		"(end) of it", // a bare end would close a block
		"Note over service,shipping_db: ✗ duplicate: o-1 was shipped 30 times",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the slide lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "/tmp") || strings.Contains(out, "/var") {
		t.Errorf("the slide shows a path:\n%s", out)
	}
}

// Each rule the check enforces, broken once.
func TestCheckSlideRefuses(t *testing.T) {
	good := "sequenceDiagram\n    autonumber\n    box rgb(1,2,3) a\n    participant a as a\n    participant b as b\n    end\n    a->>b: hi\n"
	if err := trace.CheckSlide(good); err != nil {
		t.Fatalf("a good slide is refused: %v", err)
	}
	many := good
	for range trace.SlideMaxMessages {
		many += "    a->>b: again\n"
	}
	for name, bad := range map[string]string{
		"no autonumber":     strings.Replace(good, "    autonumber\n", "", 1),
		"unbalanced box":    strings.Replace(good, "    end\n", "", 1),
		"extra end":         good + "    end\n",
		"undeclared":        good + "    a->>c: hi\n",
		"outside a box":     strings.Replace(good, "    participant b as b\n    end\n", "    end\n    participant b as b\n", 1),
		"box after message": good + "    box rgb(1,2,3) c\n    participant c as c\n    end\n",
		"a path":            good + "    a->>b: see /tmp/x\n",
		"too many messages": many,
		"a bare end":        good + "    a->>b: the end\n",
		"note undeclared":   good + "    Note over z: hi\n",
	} {
		if err := trace.CheckSlide(bad); err == nil {
			t.Errorf("%s: accepted:\n%s", name, bad)
		}
	}
}

func TestLanesOf(t *testing.T) {
	for _, c := range []struct {
		e             trace.Event
		actor, target string
	}{
		{trace.Event{Actor: trace.Consumer, Target: trace.SQLite}, trace.Consumer, trace.ShippingDB},
		{trace.Event{Actor: trace.Service, Target: trace.SQLite}, trace.Service, trace.OrdersDB},
		{trace.Event{Actor: trace.Relay, Target: trace.SQLite}, trace.Relay, trace.OrdersDB},
		{trace.Event{Actor: "coordinator", Target: trace.SQLite}, "coordinator", trace.OrdersDB},
		{trace.Event{Actor: "poller", Target: trace.SQLite}, "poller", trace.OrdersDB},
		{trace.Event{Actor: trace.SQLite, Step: "abandon"}, trace.OrdersDB, ""},
		{trace.Event{Actor: trace.Service, Target: trace.NATS}, trace.Service, trace.NATS},
	} {
		a, tg := trace.LanesOf(c.e)
		if a != c.actor || tg != c.target {
			t.Errorf("%s→%s: lanes %s→%s, want %s→%s", c.e.Actor, c.e.Target, a, tg, c.actor, c.target)
		}
	}
}
