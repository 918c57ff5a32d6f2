package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dualwrite/dualwrite/scenarios"
)

// writeConcurrent prints the concurrent figures beside the stepped ones, and
// the targets as ratios, with the parts' own limits.
func writeConcurrent(w io.Writer, stepped []scenarios.Cost, cb scenarios.ConcurrentBench) {
	fmt.Fprintf(w, "\nConcurrent · no stepper: %d callers at once, relays and connectors publishing asynchronously in batches of up\n", cb.Callers)
	fmt.Fprintf(w, "to %d and marking each batch sent in one transaction, the consumer applying in order. %s orders a run back to\n", cb.Batch, thousands(float64(cb.Orders)))
	fmt.Fprintf(w, "back, %d runs of each strategy taken in turn and the median kept; lag from %s orders paced one per %.0fms.\n", cb.Rounds, thousands(float64(cb.PacedOrder)), cb.IntervalMs)
	fmt.Fprintln(w, "This is the price of safety in a deployment, on the real clock of this machine (a busy one gives other figures);")
	fmt.Fprintln(w, "the stepped figures above count each code path's steps on the lab's clock.")
	if len(cb.Strategies) > 0 {
		if gc := cb.Strategies[0].Throughput.GCPercent; gc > 0 {
			fmt.Fprintf(w, "Go's collector runs at GOGC=%d during these runs, every strategy and the parts alike.\n", gc)
		}
	}
	fmt.Fprintln(w)
	byStepped := map[string]scenarios.Cost{}
	for _, c := range stepped {
		byStepped[c.Strategy] = c
	}
	var naive float64
	for _, c := range cb.Strategies {
		if c.Strategy == "naive" {
			naive = c.Throughput.EndToEndPerSec
		}
	}
	fmt.Fprintf(w, "  %-14s %14s %16s %9s %22s %10s\n", "strategy", "stepped e2e/s", "concurrent e2e/s", "of naive", "concurrent lag p50/p99", "peak RSS")
	for _, c := range cb.Strategies {
		t, p := c.Throughput, c.Paced
		of := ""
		if naive > 0 {
			of = fmt.Sprintf("%.2f×", t.EndToEndPerSec/naive)
		}
		st := "·"
		if s, ok := byStepped[c.Strategy]; ok {
			st = thousands(s.Throughput.EndToEndPerSec)
		}
		mark := ""
		if !t.Consistent || !p.Consistent {
			mark = "  (inconsistent)"
		}
		fmt.Fprintf(w, "  %-14s %14s %16s %9s %22s %8.0fMB%s\n", c.Strategy, st, thousands(t.EndToEndPerSec), of,
			msText(p.LagMs.P50)+" / "+msText(p.LagMs.P99), t.PeakRSSMB, mark)
	}
	var unmeasured []string
	for _, c := range stepped {
		if !slices.ContainsFunc(cb.Strategies, func(m scenarios.ConcurrentCost) bool { return m.Strategy == c.Strategy }) {
			unmeasured = append(unmeasured, c.Strategy)
		}
	}
	if len(cb.Strategies) == 0 {
		fmt.Fprintln(w, "  (none of these strategies has a concurrent write path)")
	}
	if len(unmeasured) > 0 {
		fmt.Fprintf(w, "  Not measured concurrently (the concurrent bench has no write path for them): %s.\n", strings.Join(unmeasured, ", "))
	}
	fmt.Fprintf(w, "\n  The parts alone, measured the same way: SQLite %s order transactions/s, JetStream %s async publishes/s,\n",
		thousands(cb.Parts.SQLitePerSec), thousands(cb.Parts.JetStreamPerSec))
	fmt.Fprintf(w, "  JetStream %s publishes/s when each of the %d callers waits for its ack (as naive does after its commit).\n",
		thousands(cb.Parts.JetStreamSyncPerSec), cb.Callers)
	fmt.Fprintf(w, "  Naive's write path with nothing downstream (commit, then publish and wait for the ack): %s orders/s",
		thousands(cb.Parts.CommitPublishPerSec))
	if naive > 0 && cb.Parts.CommitPublishPerSec > 0 {
		fmt.Fprintf(w, ";\n  naive end to end is %.2f of it.", naive/cb.Parts.CommitPublishPerSec)
	}
	fmt.Fprintln(w)
	if len(cb.Targets) == 0 {
		return
	}
	fmt.Fprintln(w, "\n  Targets (ratio ≥ 1 meets it):")
	for _, t := range cb.Targets {
		extra := ""
		if t.PartsRatio > 0 {
			extra = fmt.Sprintf("; %.2f of what the slower part allows alone", t.PartsRatio)
		}
		fmt.Fprintf(w, "    %-40s target %-7g measured %-10.2f ratio %.2f%s\n", t.What, t.Target, t.Measured, t.Ratio, extra)
	}
}
