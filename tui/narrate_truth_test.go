package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/trace"
)

// Every experiment of the catalog runs once, and its trace is checked twice:
// each narrated sentence states only what the run's facts support, and the
// trace carries the typed facts its readers decide from.
func TestCatalogTracesReadRight(t *testing.T) {
	for _, c := range scenarios.Cells() {
		sp, err := c.Spec()
		if err != nil {
			t.Fatal(err)
		}
		t.Run(c.Strategy.ID+"/"+strings.Join(sp.FaultSpecs(), "+"), func(t *testing.T) {
			t.Parallel()
			rep, err := scenarios.Run(context.Background(), sp.Config())
			if err != nil {
				t.Fatal(err)
			}
			narrationStatesOnlyFacts(t, c, rep)
			traceCarriesTypedFacts(t, c, rep)
		})
	}
}

// narrationStatesOnlyFacts checks every sentence of the run's narration.
func narrationStatesOnlyFacts(t *testing.T, c scenarios.Cell, rep *lab.Report) {
	n := narrator{events: rep.Trace, emits: emitsOf(c.Strategy.New())}
	for i, e := range rep.Trace {
		s := n.say(i)
		stored := storedBefore(rep.Trace[:i], e.Order)
		switch {
		case (strings.Contains(s, "already out") || strings.Contains(s, "already went out")) && !stored:
			t.Errorf("%q says the event is out, but JetStream stored none of %s before it", s, e.Order)
		case strings.Contains(s, "only in this process's memory") && n.emits != directly:
			t.Errorf("%q: this strategy's event is in a log, an outbox or a staging stream", s)
		case strings.Contains(s, "lives only on its real subject") && !stored:
			t.Errorf("%q: the event was never published", s)
		case strings.HasPrefix(s, "The lab: ") || strings.HasPrefix(s, "NATS: ") || strings.Contains(s, ": "+e.Step+" "+e.Detail):
			t.Errorf("%q is a placeholder, not a sentence", s)
		case strings.Contains(s, " the event to JetStream") || strings.Contains(s, ": the event."):
			t.Errorf("%q does not name the event", s)
		case strings.Count(s, "the lock is free") > 1 || strings.Contains(strings.ToLower(s), "the lock is free again: the lock is free"):
			t.Errorf("%q repeats itself", s)
		case strings.Contains(s, "without a commit") && committedBefore(rep.Trace[:i], e.Order) && e.Step == "crash":
			t.Errorf("%q: the order was committed", s)
		}
	}
}

// traceCarriesTypedFacts checks the typed facts of the run's trace.
func traceCarriesTypedFacts(t *testing.T, c scenarios.Cell, rep *lab.Report) {
	redelivered := map[uint64]bool{}
	simulated := false
	for _, e := range rep.Trace {
		switch {
		case e.Step == "deliver" && (e.Delivery < 1 || e.Seq == 0):
			t.Errorf("deliver without its delivery count or sequence: %+v", e)
		case e.Step == "deliver" && (e.Delivery > 1) != redelivered[e.Seq]:
			t.Errorf("deliver %d of seq %d, but seq %d was delivered %v before: %+v", e.Delivery, e.Seq, e.Seq, redelivered[e.Seq], e)
		case e.Step == "request" && e.Op == "":
			t.Errorf("request without its operation: %+v", e)
		case e.Step == "verdict" && (e.Outcome == "consistent") != rep.Verdict.Consistent:
			t.Errorf("verdict step says %q, the verdict says consistent=%v", e.Outcome, rep.Verdict.Consistent)
		case e.Step == "publish" && e.Version > 0 && e.Type == "" && !strings.HasPrefix(c.Strategy.ID, "cdc"):
			t.Errorf("publish of a domain event without its type: %+v", e)
		}
		if e.Step == "deliver" {
			redelivered[e.Seq] = true
		}
		if e.Step == "start" && e.Simulated {
			simulated = true
		}
	}
	if simulated != (c.Strategy.ID == "2pc") {
		t.Errorf("%s: a start step marked simulated: %v", c.Strategy.ID, simulated)
	}
}

func storedBefore(evs []trace.Event, order string) bool {
	for _, e := range evs {
		if e.Order == order && e.Step == "ack" && e.Outcome == lab.Stored {
			return true
		}
	}
	return false
}

func committedBefore(evs []trace.Event, order string) bool {
	for _, e := range evs {
		if e.Order == order && e.Step == "commit" && e.Outcome == "committed" {
			return true
		}
	}
	return false
}

// The diagram marks a lost ack and each answer a caller got from the
// trace's typed facts.
func TestDiagramReadsTypedFacts(t *testing.T) {
	sp := scenarios.Spec{Seed: 1}
	s, _ := scenarios.Lookup("publish-in-tx")
	fs, _ := s.ParseFaults([]string{"publish=1*ack-lost"})
	sp.Strategy, sp.Faults = s, fs
	rep, err := scenarios.Run(context.Background(), sp.Config())
	if err != nil {
		t.Fatal(err)
	}
	var lost, failed bool
	for _, e := range rep.Trace {
		text, _ := note(e)
		lost = lost || text == "⚡ ack lost"
		failed = failed || text == "✗ reply: failed"
	}
	if !lost || !failed {
		t.Fatalf("the diagram marks the lost ack %v, the failed reply %v", lost, failed)
	}
}
