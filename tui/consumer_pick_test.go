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
