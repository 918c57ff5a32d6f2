package tui

import (
	"github.com/dualwrite/dualwrite/check"

	"strings"
	"testing"
)

// A student's own answer read "lost · duplicate" where the room's tally
// read "lost + duplicate". For every answer of one or two kinds, with or
// without a word on ambiguity, the lesson says the kinds exactly as the
// room's tally does.
func TestOneWayToSayACombinedAnswer(t *testing.T) {
	for i, a := range anomalyKinds {
		for _, b := range anomalyKinds[i:] {
			for _, amb := range []int{0, 1, -1} {
				var p prediction
				p.kinds = map[check.Kind]bool{}
				p.kinds[a], p.kinds[b] = true, true
				p.ambiguous = amb
				room := predictionOf(p)
				outcome, _, _ := strings.Cut(room.String(), " (")
				own := p.String()
				if !strings.HasPrefix(own, outcome) || (len(own) > len(outcome) && !strings.HasPrefix(own[len(outcome):], " · ")) {
					t.Errorf("the lesson says %q, the room's tally %q", own, room.String())
				}
				if a != b && !strings.Contains(own, " + ") {
					t.Errorf("the lesson says %q for two kinds", own)
				}
			}
		}
	}
}
