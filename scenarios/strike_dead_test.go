package scenarios_test

import (
	"strings"
	"testing"
)

// A fault whose instance another actor killed before it could strike is
// not counted as struck: fault_terms count exactly the strikes on the trace.
// Here the relay's crash kills the service instance a caller is replying
// from, at the reply point armed with ack-lost.
func TestAStrikeCountsOnlyWhenItStruck(t *testing.T) {
	rep := headless(t, switchRun{id: "outbox-dedup", seed: 835199855, orders: 7, lifecycle: true, consumers: 3,
		faults: []string{"relay.before-publish=3*crash", "reply=3*ack-lost"}}.spec(t))
	onTrace := map[string]int{}
	for _, e := range rep.Trace {
		if e.Step == "fault" {
			point, _, _ := strings.Cut(e.Fault, "=")
			onTrace[point]++
		}
	}
	for _, tr := range rep.FaultTerms {
		point, _, _ := strings.Cut(tr.Fault, "=")
		if tr.Struck != onTrace[point] {
			t.Errorf("%s: fault_terms count %d strikes, the trace shows %d", tr.Fault, tr.Struck, onTrace[point])
		}
	}
}
