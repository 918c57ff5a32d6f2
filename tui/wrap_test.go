package tui

import (
	"strings"
	"testing"
)

// The verdict at 80 columns broke "relay.after-publish" after its hyphen:
// a name a student types must stay whole on one line.
func TestWrapKeepsHyphenatedNamesWhole(t *testing.T) {
	s := "o-1 was shipped 2 times, because the relay crashed after the relay published the row and before it marked it sent (relay.after-publish)."
	lines := wrap(s, 68)
	if !strings.Contains(strings.Join(lines, "\n"), "(relay.after-publish).") {
		t.Fatalf("the fault point's name is split: %q", lines)
	}
	if got := strings.Join(lines, " "); got != s {
		t.Fatalf("wrapping changed the text: %q", got)
	}
	for _, l := range lines {
		if width(l) > 68 {
			t.Fatalf("line %q is wider than 68", l)
		}
	}
}

// The lesson's key hint broke "esc: home" between its key and its action.
func TestWrapUnitsBreaksOnlyBetweenUnits(t *testing.T) {
	units := []string{"enter: the next experiment", "s: step through this run", "←: the one before", "esc: home"}
	lines := wrapUnits(units, " · ", 80)
	joined := strings.Join(lines, "\n")
	for _, u := range units {
		if !strings.Contains(joined, u) {
			t.Errorf("%q is split across lines: %q", u, lines)
		}
	}
	for _, l := range lines {
		if width(l) > 80 {
			t.Errorf("line %q is wider than 80", l)
		}
	}
}

// On the lesson's reveal at 80x24 the hint keeps "esc: home" on one line.
func TestLessonRevealHintKeepsKeyAndAction(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	h.press("c", "enter")
	h.until("the reveal", func() bool { return strings.Contains(h.screen(), "The run shows:") })
	h.contains("esc: home")
}
