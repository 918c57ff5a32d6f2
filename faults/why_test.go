package faults_test

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/faults"
)

// TestWhyATermNeverStruck: the reason an unstruck term gives is what the
// plan saw: a point never reached, a point reached only while an earlier
// term of the chain was current, or a draw that never fell on it.
func TestWhyATermNeverStruck(t *testing.T) {
	for _, c := range []struct {
		fault   string
		reached int
		lift    bool
		want    string
	}{
		{"p=1*crash", 0, false, "its point was never reached"},
		{"p=1*error->1*crash", 0, false, "its point was never reached"},
		{"p=1*error->1*crash", 1, false, "its turn never came; its point was reached once, while an earlier term was current"},
		{"p=2*error->1*crash", 2, false, "its turn never came; its point was reached 2 times"},
		{"p=2*error->1*crash", 1, true, "recovery lifted it before its turn came; its point was reached once"},
		{"p=1*crash", 0, true, "recovery lifted it before its point was reached"},
	} {
		p := faults.NewPlan(1, mustFault(t, c.fault))
		evalN(p, "p", c.reached)
		if c.lift {
			p.Disarm()
		}
		u := p.Unstruck()
		if len(u) == 0 {
			t.Fatalf("%s reached %d: every term struck", c.fault, c.reached)
		}
		if why := u[len(u)-1].Why(); !strings.Contains(why, c.want) {
			t.Errorf("%s reached %d, lifted %t: %q, want it to say %q", c.fault, c.reached, c.lift, why, c.want)
		}
	}
}
