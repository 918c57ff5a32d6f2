package scenarios_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// The verdict cross-check is an outside auditor of "the verdict comes from
// the stores": each run keeps its files (lab.Config.Dir, as `dualwrite run
// --db DIR`), and after it closed, verdict_stores_test.go reads orders.db,
// shipping.db and the caller's journal with plain SQL and JSON, and
// verdict_nats_test.go the kept JetStream store, then judges by DESIGN.md
// with no code of lab's readers or of check. Where they disagree with the
// run's report, the test fails with the command that makes the run again.
//
//	go test ./scenarios -run StoresSay                    40 drawn runs, every catalog cell, directed runs
//	DUALWRITE_LONG=1 go test ./scenarios -run StoresSay   2,000 drawn runs
//	DUALWRITE_AUDIT_RUNS=N DUALWRITE_AUDIT_SEED=S         another campaign
//	DUALWRITE_AUDIT_KEEP=DIR                              keep every run's files in DIR (new or empty)
//	DUALWRITE_AUDIT_DIR=DIR go test ./scenarios -run AKeptRun -v
//	                                                      the auditor's reading of one run kept with --db DIR

// auditKinds are the anomaly kinds a report counts, as its JSON names them.
var auditKinds = []string{"lost", "ghost", "duplicate", "reordered", "double-order"}

// switches are the run options a campaign varies besides strategy, faults
// and workload.
type switches struct {
	consumer  lab.Guarantee
	consumers int
	retry     int
	key       bool
}

// drawSwitches draws each switch on its own, so that they also meet: an
// inbox under three instances, a retry with a versioned consumer.
func drawSwitches(rng *rand.Rand) switches {
	var sw switches
	sw.consumer = []lab.Guarantee{"", lab.Plain, lab.Inbox, lab.Versioned}[rng.IntN(4)]
	if rng.IntN(3) == 0 {
		sw.consumers = 3
	}
	switch rng.IntN(4) {
	case 0:
		sw.retry = 2
	case 1:
		sw.retry, sw.key = 2, true
	}
	return sw
}

// auditSpecs draws n runs: strategies in turn, faults and seeds as chaos
// draws them; the workload, the number of orders, the spacing of requests
// and the switches from seed.
func auditSpecs(seed int64, n int) []scenarios.Spec {
	all := scenarios.All()
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	perStrategy := (n + len(all) - 1) / len(all)
	drawn := map[string][]scenarios.Spec{}
	for _, s := range all {
		drawn[s.ID] = (&scenarios.Chaos{Runs: perStrategy, Seed: seed, Workload: "mixed"}).Specs(s)
	}
	var out []scenarios.Spec
	for i := range n {
		s := all[i%len(all)]
		sp := drawn[s.ID][i/len(all)]
		sp.Lifecycle = rng.IntN(2) == 0
		sp.Orders = 4 + rng.IntN(5)
		if rng.IntN(4) == 0 {
			// Spaced requests let pollers and relays act between them.
			sp.Interval = time.Duration(10+rng.IntN(140)) * time.Millisecond
		}
		sw := drawSwitches(rng)
		sp.Consumer, sp.Consumers, sp.Retry, sp.IdempotencyKey = sw.consumer, sw.consumers, sw.retry, sw.key
		if sw.consumers > 1 {
			// Several shipping instances take no consumer fault and no
			// outage (lab/fleet.go refuses them): those are dropped.
			sp.Faults = slices.DeleteFunc(slices.Clone(sp.Faults), func(f faults.Fault) bool {
				return strings.HasPrefix(f.Point, "consumer.") || f.StopsBroker()
			})
		}
		out = append(out, sp)
	}
	return out
}

// auditOutcome is one run seen from both sides.
type auditOutcome struct {
	spec    scenarios.Spec
	rep     *lab.Report
	audit   auditVerdict
	err     error
	skipped string // why the lab refused the run, for a switch the strategy takes no part in
	// observed is what the kept files show that the verdict does not rest on.
	observed []string
}

// command is the `dualwrite run` that makes the run again, its files kept.
func (o auditOutcome) command() string {
	return o.spec.Command() + " --db /tmp/dw-audit --format json"
}

// disagreements lists, in words, where the report and the stores differ.
func (o auditOutcome) disagreements() []string {
	var out []string
	rep, a := o.rep, o.audit
	reported := map[string]map[string]bool{}
	for _, f := range rep.Findings {
		k := string(f.Kind)
		if reported[k] == nil {
			reported[k] = map[string]bool{}
		}
		reported[k][f.Order] = true
	}
	for _, k := range auditKinds {
		if k == "lost" && a.poison {
			continue
		}
		mine := map[string]bool{}
		for id := range a.kinds[k] {
			mine[id] = true
		}
		n := reportCount(rep, k)
		if n != a.count(k) || !sameSet(reported[k], mine) {
			out = append(out, fmt.Sprintf("%s: report says %d on [%s]; stores say %d on [%s]",
				k, n, strings.Join(sortedKeys(reported[k]), " "), a.count(k), strings.Join(sortedKeys(mine), " ")))
		}
	}
	if a.poison {
		// Shipping refused a poison event: what the stores miss is either
		// reported lost, or parked, or held by the blocked stream.
		held := map[string]bool{}
		for id := range reported["lost"] {
			held[id] = true
		}
		for _, p := range rep.Parked {
			held[p.Order] = true
		}
		if b := rep.Blocked; b != nil {
			held[b.Order] = true
			for _, id := range b.Waiting {
				held[id] = true
			}
		}
		mine := map[string]bool{}
		for id := range a.kinds["lost"] {
			mine[id] = true
		}
		if !sameSet(held, mine) {
			out = append(out, fmt.Sprintf("poison: report says lost, parked or blocked on [%s]; stores miss [%s]",
				strings.Join(sortedKeys(held), " "), strings.Join(sortedKeys(mine), " ")))
		}
	}
	allZero := true
	for _, k := range auditKinds {
		allZero = allZero && a.count(k) == 0
	}
	if !a.poison && rep.Consistent != allZero {
		out = append(out, fmt.Sprintf("consistent: report says %v; stores say %v", rep.Consistent, allZero))
	}
	if !slices.Equal(sortedKeys(toSet(rep.Ambiguous)), a.ambiguous) {
		out = append(out, fmt.Sprintf("ambiguous: report says [%s]; stores and the caller's journal say [%s]",
			strings.Join(rep.Ambiguous, " "), strings.Join(a.ambiguous, " ")))
	}
	if rep.DedupBy.Consumer != a.absorbed || rep.Discarded != a.discarded {
		out = append(out, fmt.Sprintf("absorbed by shipping: report says %d absorbed, %d discarded; the journal says %d, %d",
			rep.DedupBy.Consumer, rep.Discarded, a.absorbed, a.discarded))
	}
	for _, n := range a.notes {
		out = append(out, "stores: "+n)
	}
	return out
}

func reportCount(rep *lab.Report, kind string) int {
	a := rep.Anomalies
	switch kind {
	case "lost":
		return a.Lost
	case "ghost":
		return a.Ghost
	case "duplicate":
		return a.Duplicate
	case "reordered":
		return a.Reordered
	case "double-order":
		return a.DoubleOrder
	}
	return -1
}

func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func toSet(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// runAudited makes one run with its files kept in dir, then reads them.
func runAudited(ctx context.Context, sp scenarios.Spec, dir string) auditOutcome {
	o := auditOutcome{spec: sp}
	cfg := sp.Config()
	cfg.Dir = dir
	o.rep, o.err = scenarios.Run(ctx, cfg)
	var in *lab.InputError
	if errors.As(o.err, &in) {
		o.skipped, o.err = in.Msg, nil
		return o
	}
	if o.err != nil {
		return o
	}
	st, err := readRawStores(dir)
	if err != nil {
		o.err = fmt.Errorf("read the kept stores: %w", err)
		return o
	}
	o.audit = st.audit()
	ns, err := readRawStream(dir)
	if err != nil {
		o.audit.notes = append(o.audit.notes, "cannot read the kept NATS store: "+err.Error())
		return o
	}
	o.audit.notes = append(o.audit.notes, natsNotes(st, ns, o.audit.kinds["ghost"])...)
	o.observed = natsObservations(st, ns)
	return o
}

// auditCampaign runs specs, a few at once, and returns every outcome.
func auditCampaign(t *testing.T, specs []scenarios.Spec) []auditOutcome {
	t.Helper()
	root := t.TempDir()
	if keep := os.Getenv("DUALWRITE_AUDIT_KEEP"); keep != "" {
		root = keep // the files of every run stay here for a look
	}
	out := make([]auditOutcome, len(specs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(2, scenarios.Parallelism()/2) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				dir := filepath.Join(root, fmt.Sprintf("run-%04d", i))
				out[i] = runAudited(context.Background(), specs[i], dir)
				if os.Getenv("DUALWRITE_AUDIT_KEEP") == "" {
					os.RemoveAll(dir)
				}
			}
		}()
	}
	for i := range specs {
		work <- i
	}
	close(work)
	wg.Wait()
	return out
}

// TestTheVerdictIsWhatTheStoresSay reads every run's orders.db and
// shipping.db after it ended, with plain SQL, judges them by DESIGN.md's
// definitions without the lab's readers or the checker, and compares with
// the run's report. DUALWRITE_LONG=1 runs 2,000 runs instead of 40
// (DUALWRITE_AUDIT_RUNS and DUALWRITE_AUDIT_SEED choose others).
func TestTheVerdictIsWhatTheStoresSay(t *testing.T) {
	n, seed := 40, int64(1)
	if os.Getenv("DUALWRITE_LONG") == "1" {
		n = 2000
	}
	if v := os.Getenv("DUALWRITE_AUDIT_RUNS"); v != "" {
		fmt.Sscan(v, &n)
	}
	if v := os.Getenv("DUALWRITE_AUDIT_SEED"); v != "" {
		fmt.Sscan(v, &seed)
	}
	judgeAudits(t, auditCampaign(t, auditSpecs(seed, n)), fmt.Sprintf("%d runs (seed %d)", n, seed))
}

// directedSpecs reach shapes a small random sample may miss: a cancel that
// query-based capture never sees after the placement reached shipping, a
// later change that overtakes the placement under several instances, double
// orders, and poison events (chaos draws none).
func directedSpecs(t *testing.T) []scenarios.Spec {
	t.Helper()
	spec := func(id string, seed int64, orders int, lifecycle bool, sw switches, interval time.Duration, fs ...string) scenarios.Spec {
		s, err := scenarios.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := s.ParseFaults(fs)
		if err != nil {
			t.Fatal(err)
		}
		return scenarios.Spec{Strategy: s, Faults: parsed, Seed: seed, Orders: orders, Lifecycle: lifecycle, Interval: interval,
			Consumer: sw.consumer, Consumers: sw.consumers, Retry: sw.retry, IdempotencyKey: sw.key}
	}
	// A poison event parked after 3 deliveries, and one that blocks the stream.
	parked := spec("outbox", 2, 5, true, switches{}, 0, "consumer.before-apply=1*poison")
	parked.MaxDeliver = 3
	return []scenarios.Spec{
		spec("cdc-polling", 1, 6, true, switches{}, 150*time.Millisecond),
		spec("publish-in-tx", 115548471, 4, true, switches{consumers: 3}, 0, "commit=10%error"),
		spec("race", 1, 4, true, switches{consumer: lab.Versioned}, 0),
		spec("naive", 1, 4, true, switches{retry: 2}, 0, "reply=2*ack-lost"),
		parked,
		spec("cdc", 3, 5, true, switches{}, 0, "consumer.before-apply=1*poison"),
	}
}

// TestTheCatalogsVerdictsAreWhatTheStoresSay does the same for every cell of
// the comparison matrix (the runs each lesson of the catalog is made of) and
// a few directed runs.
func TestTheCatalogsVerdictsAreWhatTheStoresSay(t *testing.T) {
	specs := directedSpecs(t)
	for _, c := range scenarios.Cells() {
		sp, err := c.Spec()
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, sp)
	}
	judgeAudits(t, auditCampaign(t, specs), fmt.Sprintf("%d cells of the catalog and directed runs", len(specs)))
}

// judgeAudits fails the test for every run whose report and stores disagree.
func judgeAudits(t *testing.T, outcomes []auditOutcome, what string) {
	t.Helper()
	skipped, anomalies, bad, unsettled := 0, 0, 0, 0
	for _, o := range outcomes {
		switch {
		case o.skipped != "":
			skipped++
			t.Logf("refused by the lab (%s): %s", o.skipped, o.spec.Command())
			continue
		case o.err != nil:
			bad++
			t.Errorf("%s: the lab failed: %v", o.command(), o.err)
			continue
		}
		for _, k := range auditKinds {
			anomalies += o.audit.count(k)
		}
		for _, ob := range o.observed {
			t.Logf("%s: %s", o.command(), ob)
		}
		if !o.rep.Settled {
			// The report says so itself ("recovery did not settle within its
			// bound"); it is not a verdict the stores contradict.
			unsettled++
			t.Logf("did not settle, judged as it was: %s", o.command())
		}
		if d := o.disagreements(); len(d) > 0 {
			bad++
			t.Errorf("%s\n  strategy %s, faults %v, workload %s, consumer %s\n  %s",
				o.command(), o.spec.Strategy.ID, o.rep.Faults, o.rep.Workload, o.rep.Consumer, strings.Join(d, "\n  "))
		}
	}
	t.Logf("%s: %d disagree or failed, %d refused by the lab, %d did not settle, %d anomalies found in the stores", what, bad, skipped, unsettled, anomalies)
	if anomalies == 0 && len(outcomes) >= 20 {
		t.Errorf("no run showed any anomaly: the campaign checks nothing")
	}
}

// TestAuditAKeptRun reads the directory of a run kept with `dualwrite run
// --db DIR` (DUALWRITE_AUDIT_DIR=DIR) and says what the auditor makes of it:
// to compare by hand with that run's report.
func TestAuditAKeptRun(t *testing.T) {
	dir := os.Getenv("DUALWRITE_AUDIT_DIR")
	if dir == "" {
		t.Skip("set DUALWRITE_AUDIT_DIR to the --db directory of a kept run")
	}
	st, err := readRawStores(dir)
	if err != nil {
		t.Fatal(err)
	}
	a := st.audit()
	for _, k := range auditKinds {
		t.Logf("%s %d %v", k, a.count(k), a.kinds[k])
	}
	t.Logf("ambiguous %v; absorbed %d, discarded %d", a.ambiguous, a.absorbed, a.discarded)
	ns, err := readRawStream(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stream: last seq %d, %d messages; shipping: ack floor %d, %d pending, %d unacked", ns.last, len(ns.msgs), ns.ackFloor, ns.pending, ns.ackPending)
	for _, n := range slices.Concat(a.notes, natsNotes(st, ns, a.kinds["ghost"]), natsObservations(st, ns)) {
		t.Log(n)
	}
}
