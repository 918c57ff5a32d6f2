package scenarios_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// fleetCell is outbox's lifecycle run with shipping as n instances, and as
// many partitions when parts is set.
func fleetCell(t *testing.T, n, parts int) scenarios.Cell {
	s, err := scenarios.Lookup("outbox")
	if err != nil {
		t.Fatal(err)
	}
	return scenarios.Cell{Strategy: s, Expect: scenarios.Expectation{Lifecycle: true, Consumers: n, Partitions: parts}}
}

// traceLines is a run's trace without its first line, which names the run's
// own temporary directory.
func traceLines(rep *lab.Report) string {
	var b strings.Builder
	for _, e := range rep.Trace[1:] {
		fmt.Fprintf(&b, "%.2f %s→%s %s %s %d %s\n", e.AtMs, e.Actor, e.Target, e.Step, e.Order, e.Seq, e.Detail)
	}
	return b.String()
}

// TestFleetReordersAndPartitionsFix: four instances on one durable consumer
// apply a payment before its placement, and the late placement ships the
// order twice; partitioned by order id, with one in-order consumer per
// partition, the same seed ends consistent. Every instance takes work.
func TestFleetReordersAndPartitionsFix(t *testing.T) {
	rep := mustRunCell(t, fleetCell(t, 4, 0))
	if rep.Anomalies.Reordered == 0 {
		t.Errorf("four instances, no partitions: nothing reordered\n%s", describe(rep))
	}
	takers := map[string]bool{}
	for _, e := range rep.Trace {
		if e.Step == "take" {
			takers[strings.Fields(e.Detail)[1]] = true
		}
	}
	if len(takers) < 3 {
		t.Errorf("only instances %v took messages\n%s", takers, describe(rep))
	}
	fixed := mustRunCell(t, fleetCell(t, 4, 4))
	if !fixed.Consistent {
		t.Errorf("partitioned: %+v\n%s", fixed.Anomalies, describe(fixed))
	}
	// Every event of an order comes from the one partition its id maps to,
	// whatever the seed.
	for seed := int64(1); seed <= 6; seed++ {
		sp, _ := fleetCell(t, 4, 4).Spec()
		sp.Seed = seed
		rep, err := scenarios.Run(t.Context(), sp.Config())
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Consistent {
			t.Errorf("seed %d, partitioned: %+v\n%s", seed, rep.Anomalies, describe(rep))
		}
		from := map[string]string{}
		for _, e := range rep.Trace {
			if e.Step != "take" {
				continue
			}
			_, durable, ok := strings.Cut(e.Detail, " from ")
			if !ok || !strings.HasPrefix(durable, "shipping-p") {
				t.Fatalf("seed %d: a take not from a partition: %s", seed, e.Detail)
			}
			durable = strings.Fields(durable)[0]
			if p, ok := from[e.Order]; ok && p != durable {
				t.Errorf("seed %d: %s taken from %s and from %s", seed, e.Order, p, durable)
			}
			from[e.Order] = durable
		}
		if len(from) == 0 {
			t.Errorf("seed %d: nothing taken", seed)
		}
	}
}

// TestFleetSameSeedSameTrace: the interleaving of the instances is the lab's
// seeded scheduler's, so one seed makes one trace, also with other runs
// loading the machine at the same time, and another seed another.
func TestFleetSameSeedSameTrace(t *testing.T) {
	const load = 6
	reps := make([]*lab.Report, load)
	var wg sync.WaitGroup
	for i := range load {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := fleetCell(t, 4, (i%2)*4)
			if i >= 4 {
				c.Expect.Consumers, c.Expect.Partitions = 3, 0
			}
			sp, err := c.Spec()
			if err == nil {
				reps[i], err = scenarios.Run(t.Context(), sp.Config())
			}
			if err != nil {
				t.Errorf("run %d: %v", i, err) // not Fatal: this is not the test's goroutine
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if a, b := traceLines(reps[0]), traceLines(reps[2]); a != b {
		t.Errorf("two runs of one seed, two traces:\n%s\n----\n%s", a, b)
	}
	if a, b := traceLines(reps[1]), traceLines(reps[3]); a != b {
		t.Errorf("two partitioned runs of one seed, two traces:\n%s\n----\n%s", a, b)
	}
	other := fleetCell(t, 4, 0)
	sp, _ := other.Spec()
	sp.Seed = 2
	r, err := scenarios.Run(t.Context(), sp.Config())
	if err != nil {
		t.Fatal(err)
	}
	if traceLines(r) == traceLines(reps[0]) {
		t.Errorf("seeds 1 and 2 made the same trace: the seed decides nothing")
	}
}

// TestFleetBounds: --consumers and --partitions are bounded, and what the
// lab does not model with several instances is refused.
func TestFleetBounds(t *testing.T) {
	s, _ := scenarios.Lookup("outbox")
	for _, c := range []struct {
		consumers, parts int
		fault, want      string
	}{
		{9, 0, "", "bad --consumers 9"},
		{-1, 0, "", "bad --consumers -1"},
		{2, 9, "", "bad --partitions 9"},
		{2, 3, "", "give --consumers 3 too"},
		{2, 0, "consumer.after-apply=1*crash", "a consumer fault would strike one of several instances"},
		{2, 0, "relay.publish=broker-down(100ms)", "does not model an outage"},
	} {
		sp := scenarios.Spec{Strategy: s, Consumers: c.consumers, Partitions: c.parts}
		if c.fault != "" {
			fs, err := s.ParseFaults([]string{c.fault})
			if err != nil {
				t.Fatal(err)
			}
			sp.Faults = fs
		}
		_, err := scenarios.Run(t.Context(), sp.Config())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c, err, c.want)
		}
	}
}

// TestFleetCommand: the switches are printed only when not the default.
func TestFleetCommand(t *testing.T) {
	c := fleetCell(t, 4, 4)
	sp, _ := c.Spec()
	if got := sp.Command(); !strings.Contains(got, "--consumers 4 --partitions 4") {
		t.Errorf("command %q", got)
	}
	sp.Consumers, sp.Partitions = 1, 0
	if got := sp.Command(); strings.Contains(got, "--consumers") || strings.Contains(got, "--partitions") {
		t.Errorf("command %q names a default switch", got)
	}
}
