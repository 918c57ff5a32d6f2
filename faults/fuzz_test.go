package faults_test

import (
	"slices"
	"testing"

	"github.com/dualwrite/dualwrite/faults"
)

// FuzzParseChain checks that ParseChain never panics and that the canonical
// form of whatever it accepts parses back to the same chain.
func FuzzParseChain(f *testing.F) {
	for _, s := range []string{
		"crash", "1*crash", "25%ack-lost", "12.5%error", "delay(50ms)",
		"broker-down", "broker-down(200ms)", "1*crash->error",
		"2*delay(10ms)->1*crash", " 1*crash -> error ", "", "->", "1*",
		"0*crash", "150%crash", "delay(abc)", "crash(1s)", "delay(1h2m3.5s)",
		"0.000001%crash", "007*crash", "delay((1s))",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := faults.ParseChain(s)
		if err != nil {
			if c != nil {
				t.Fatalf("ParseChain(%q) returned %v with error %v", s, c, err)
			}
			return
		}
		if len(c) == 0 {
			t.Fatalf("ParseChain(%q) accepted an empty chain", s)
		}
		again, err := faults.ParseChain(c.String())
		if err != nil {
			t.Fatalf("ParseChain(%q) = %q, which does not parse: %v", s, c.String(), err)
		}
		if !slices.Equal(again, c) {
			t.Fatalf("ParseChain(%q) = %#v, but its String %q parses to %#v", s, c, c.String(), again)
		}
	})
}
