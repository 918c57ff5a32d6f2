package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// The picker's last entry is the consumer guarantee: choosing one asks for
// the run to start again with it, and arms no fault.
func TestThePickerOffersTheConsumerGuarantee(t *testing.T) {
	s, err := scenarios.Lookup("race")
	if err != nil {
		t.Fatal(err)
	}
	p := newPicker(s.AllPoints())
	k := newKeyMap()
	press := func(code rune) (bool, bool) {
		f, done, _ := p.update(k, tea.KeyPressMsg{Code: code})
		return f != nil, done
	}
	press(tea.KeyUp) // wraps to the last entry
	if !p.onConsumer() {
		t.Fatalf("up from the first point is on point %d, want the consumer entry", p.point)
	}
	press(tea.KeyEnter)
	if len(p.terms) != len(lab.Guarantees) {
		t.Fatalf("terms %v, want the guarantees", p.terms)
	}
	press(tea.KeyDown)
	press(tea.KeyDown)
	armed, done := press(tea.KeyEnter)
	if armed || !done || p.guarantee != lab.Versioned {
		t.Fatalf("armed %v, done %v, guarantee %q; want no fault, done, versioned", armed, done, p.guarantee)
	}
}

// Choosing a guarantee in the picker starts the run afresh with it: the
// session's config and the run's report say the new guarantee.
func TestPickingAGuaranteeRestartsTheRun(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "race", 1), Base: baseConfig()}, 120, 34)
	h.idle()
	h.press("f", "down", "enter", "enter") // a fault armed before the first step
	h.idle()
	if len(h.run().fr.faults) == 0 {
		t.Fatal("no fault armed")
	}
	h.step(3)
	h.press("f", "up", "enter", "down", "down", "enter")
	h.idle()
	if g := h.run().sess.cfg.Consumer; g != lab.Versioned {
		t.Fatalf("consumer %q after picking versioned", g)
	}
	if f := h.run().fr.faults; len(f) != 0 {
		t.Errorf("faults %v still armed: a new guarantee drops what was armed by hand", f)
	}
	if h.run().fr.steps != 0 {
		t.Errorf("the run is at step %d, want a fresh run at 0", h.run().fr.steps)
	}
	h.press("r")
	h.until("the verdict", func() bool { return h.run().fr.report != nil })
	if rep := h.run().fr.report; rep.Consumer != lab.Versioned || !rep.Consistent {
		t.Errorf("report: consumer %q, consistent %v; want versioned and consistent (the race's fix)", rep.Consumer, rep.Consistent)
	}
}
