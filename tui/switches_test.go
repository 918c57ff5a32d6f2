package tui

import (
	"strings"
	"testing"
)

// pickSwitch opens the picker on the switch named and chooses value.
func pickSwitch(h *harness, name, value string) {
	h.press("f")
	for h.run().picker.points[h.run().picker.point].Name != name {
		h.press("down")
	}
	h.press("enter")
	for h.run().picker.terms[h.run().picker.term] != value {
		h.press("down")
	}
	h.press("enter")
	h.idle()
}

// The picker sets the run switches: --consumers starts the run afresh with
// a fleet of shipping instances, --partitions with a partition each, and
// --max-deliver with its bound; a fault armed before the first step stays.
func TestPickerSetsSwitches(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "outbox", 1), Base: baseConfig()}, 120, 34)
	h.idle()
	h.press("f")
	h.contains("switch --consumers", "switch --partitions", "switch --max-deliver")
	h.press("esc")
	pickSwitch(h, "switch --consumers", "4")
	if cfg := h.run().sess.cfg; cfg.Consumers != 4 || cfg.Partitions != 0 {
		t.Fatalf("consumers %d partitions %d, want 4 and 0", cfg.Consumers, cfg.Partitions)
	}
	if !traceHas(h, "4 shipping instances share the durable consumer") {
		t.Errorf("the fresh run has no fleet of 4 in its trace")
	}
	pickSwitch(h, "switch --partitions", "4")
	if cfg := h.run().sess.cfg; cfg.Consumers != 4 || cfg.Partitions != 4 {
		t.Fatalf("consumers %d partitions %d, want 4 and 4", cfg.Consumers, cfg.Partitions)
	}
	if !traceHas(h, "one per partition") {
		t.Errorf("the fresh run has no partitions in its trace")
	}
	pickSwitch(h, "switch --partitions", "0")
	pickSwitch(h, "switch --consumers", "1")
	pickSwitch(h, "switch --max-deliver", "3")
	if cfg := h.run().sess.cfg; cfg.MaxDeliver != 3 || cfg.Consumers != 1 || cfg.Partitions != 0 {
		t.Fatalf("config %+v, want max-deliver 3 and one consumer", cfg)
	}
	// A fault armed before the first step survives a switch.
	h.press("f", "down", "enter", "enter")
	h.idle()
	armed := strings.Join(h.run().fr.faults, ",")
	pickSwitch(h, "switch --max-deliver", "0")
	if got := strings.Join(h.run().fr.faults, ","); got != armed || armed == "" {
		t.Errorf("armed %q before the switch, %q after", armed, got)
	}
}

func traceHas(h *harness, text string) bool {
	for _, e := range h.run().fr.events {
		if strings.Contains(e.Detail, text) {
			return true
		}
	}
	return false
}

// The picker sets the caller's switches: retry without a key, after a lost
// reply, makes a double order; with a key the retry is answered from it.
func TestPickerSetsTheCallersSwitches(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1, "reply=1*ack-lost"), Base: baseConfig()}, 120, 34)
	h.idle()
	pickSwitch(h, "switch --retry", "1")
	if cfg := h.run().sess.cfg; cfg.Retry != 1 || cfg.IdempotencyKey {
		t.Fatalf("retry %d key %v, want 1 and no key", cfg.Retry, cfg.IdempotencyKey)
	}
	h.press("r")
	h.until("the verdict", func() bool { return h.run().fr.report != nil })
	if n := h.run().fr.report.Anomalies.DoubleOrder; n != 1 {
		t.Errorf("retry without a key: double-order %d, want 1", n)
	}
	h = newHarness(t, Options{Run: startRun(t, "naive", 1, "reply=1*ack-lost"), Base: baseConfig()}, 120, 34)
	h.idle()
	pickSwitch(h, "switch --retry", "1")
	pickSwitch(h, "switch --idempotency-key", "1")
	if cfg := h.run().sess.cfg; cfg.Retry != 1 || !cfg.IdempotencyKey {
		t.Fatalf("retry %d key %v, want 1 and a key", cfg.Retry, cfg.IdempotencyKey)
	}
	h.press("r")
	h.until("the verdict", func() bool { return h.run().fr.report != nil })
	if rep := h.run().fr.report; rep.Anomalies.DoubleOrder != 0 || !rep.Consistent {
		t.Errorf("retry with a key: double-order %d, consistent %v; want 0 and consistent", rep.Anomalies.DoubleOrder, rep.Consistent)
	}
}

// A switch's own value is a number: the picker asks for one, not for a
// fault's term.
func TestPickerAsksASwitchForANumber(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "outbox", 1), Base: baseConfig()}, 120, 34)
	h.idle()
	h.press("f")
	for h.run().picker.points[h.run().picker.point].Name != "switch --consumers" {
		h.press("down")
	}
	h.press("enter")
	for h.run().picker.terms[h.run().picker.term] != typeOwn {
		h.press("down")
	}
	h.lacks("[N*|P%]action")
	h.press("enter")
	h.lacks("2*crash", "enter arms it")
	h.contains("type a number", "e.g. 4")
	h.press("3", "enter")
	h.idle()
	if cfg := h.run().sess.cfg; cfg.Consumers != 3 {
		t.Fatalf("consumers %d, want 3", cfg.Consumers)
	}
}
