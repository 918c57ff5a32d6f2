package tui

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/trace"
)

// An ack lost at the reply loses the service's answer to its caller; no
// message goes to JetStream there, so the narration says nothing of one.
func TestLostReplyIsNarratedAsALostAnswer(t *testing.T) {
	r := startWith(t, "naive", func(c *lab.Config) { c.Retry = 1 }, "reply=1*ack-lost")
	h := newHarness(t, Options{Run: r, Base: baseConfig()}, 120, 40)
	h.idle()
	h.press("e")
	h.idle()
	n := narrator{events: h.run().fr.events, emits: directly}
	said := false
	for i, e := range n.events {
		if e.Fault != "reply=ack-lost" {
			continue
		}
		s := n.say(i)
		said = true
		if strings.Contains(s, "JetStream") || strings.Contains(s, "publisher") {
			t.Errorf("a lost reply is narrated as a lost publish ack: %q", s)
		}
		if !strings.Contains(s, "answer never reaches the caller") {
			t.Errorf("a lost reply does not say the caller's answer is lost: %q", s)
		}
	}
	if !said {
		t.Fatal("the fault never struck")
	}
}

// The recovery's sentence names only the workers the strategy has: a
// strategy that publishes directly has no relay to drain.
func TestRecoveryNamesOnlyTheStrategysWorkers(t *testing.T) {
	recover := []trace.Event{{Actor: trace.Lab, Step: "recover"}}
	for _, c := range []struct {
		id         string
		want, lack string
	}{
		{"naive", "The broker is up, shipping catches up", "relay"},
		{"race", "The broker is up, shipping catches up", "relay"},
		{"outbox", "the relay drains the outbox", "connector"},
		{"cdc", "the connector reads the rest of the log", "relay"},
		{"cdc-polling", "the poller polls again", "relay"},
		{"2pc", "the coordinator", "relay"},
	} {
		s, err := scenarios.Lookup(c.id)
		if err != nil {
			t.Fatal(err)
		}
		got := narrator{events: recover, emits: emitsOf(s.New())}.say(0)
		if !strings.Contains(got, c.want) || strings.Contains(got, c.lack) {
			t.Errorf("%s: %q, want %q and no %q", c.id, got, c.want, c.lack)
		}
	}
}
