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
