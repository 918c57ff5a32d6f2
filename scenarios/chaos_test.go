package scenarios_test

import (
	"context"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/scenarios"
)

// TestChaosCampaign: across 1,000 randomized runs per strategy, the outbox
// with deduplication (and CDC, whose consumer has an inbox) never loses,
// ghosts or duplicates an order, while naive loses and publish-first ghosts.
// The 1,000-run campaign takes minutes, so it runs with DUALWRITE_LONG=1;
// the default suite runs 50 per strategy (30 under the race detector).
func TestChaosCampaign(t *testing.T) {
	runs := 50
	switch {
	case os.Getenv("DUALWRITE_LONG") == "1":
		runs = 1000
	case testing.Short() || raceDetector:
		runs = 30
	}
	var strategies []scenarios.Strategy
	for _, id := range []string{"outbox-dedup", "cdc", "naive", "publish-first"} {
		s, err := scenarios.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		strategies = append(strategies, s)
	}
	c := &scenarios.Chaos{Strategies: strategies, Runs: runs, Seed: 1}
	start := time.Now()
	results, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d runs in %s", runs*len(strategies), time.Since(start).Round(time.Millisecond))
	for _, r := range results {
		t.Logf("%-13s runs with lost %d ghost %d duplicate %d reordered %d; anomalies %+v; unsettled %d failed %d",
			r.Strategy, r.RunsWith.Lost, r.RunsWith.Ghost, r.RunsWith.Duplicate, r.RunsWith.Reordered, r.Anomalies, r.Unsettled, r.Failed)
		if r.Done != runs {
			t.Errorf("%s: %d runs done, want %d", r.Strategy, r.Done, runs)
		}
		if r.Failed > 0 {
			// A run the lab could not make is the lab's bug, not the
			// strategy's; it says nothing of anomalies either way.
			t.Logf("%s: %d runs failed in the lab, the first: %s: %s", r.Strategy, r.Failed, r.FirstFailed.Command, r.FirstError)
		}
		switch r.Strategy {
		case "outbox-dedup", "cdc":
			for _, k := range []check.Kind{check.Lost, check.Ghost, check.Duplicate} {
				if w := r.First[k]; w != nil {
					t.Errorf("%s: %d runs with %s, the first: %s", r.Strategy, scenarios.Count(r.RunsWith, k), k, w.Command)
				}
			}
		case "naive":
			if r.RunsWith.Lost == 0 || r.RunsWith.Ghost != 0 {
				t.Errorf("naive: %+v runs with each anomaly: want lost, never ghost", r.RunsWith)
			}
		case "publish-first":
			if r.RunsWith.Ghost == 0 || r.RunsWith.Lost != 0 {
				t.Errorf("publish-first: %+v runs with each anomaly: want ghost, never lost", r.RunsWith)
			}
		}
	}
}

// TestChaosSpecs: a campaign's runs depend on its seed and the strategy
// only, not on what else the campaign holds or how many runs it has.
func TestChaosSpecs(t *testing.T) {
	naive, _ := scenarios.Lookup("naive")
	outbox, _ := scenarios.Lookup("outbox")
	a := (&scenarios.Chaos{Runs: 5, Seed: 4, Strategies: []scenarios.Strategy{naive}}).Specs(naive)
	b := (&scenarios.Chaos{Runs: 9, Seed: 4, Strategies: []scenarios.Strategy{outbox, naive}}).Specs(naive)
	for i := range a {
		if a[i].Command() != b[i].Command() {
			t.Errorf("run %d: %s, then %s", i+1, a[i].Command(), b[i].Command())
		}
	}
	c := (&scenarios.Chaos{Runs: 5, Seed: 5}).Specs(naive)
	if a[0].Command() == c[0].Command() {
		t.Errorf("seeds 4 and 5 drew the same first run: %s", a[0].Command())
	}
	mixed := (&scenarios.Chaos{Runs: 30, Seed: 4, Workload: "mixed"}).Specs(naive)
	n := 0
	for i, sp := range mixed {
		if sp.Lifecycle {
			n++
		}
		if sp.Seed != (&scenarios.Chaos{Runs: 30, Seed: 4}).Specs(naive)[i].Seed {
			t.Fatalf("the workload changed the runs' seeds")
		}
	}
	if n == 0 || n == len(mixed) {
		t.Errorf("mixed: %d of %d runs lifecycle", n, len(mixed))
	}
}

// TestRandomFaults: every drawn fault is valid at its point, and across
// draws every action of every kind of point turns up (poison never), with each
// shape of term.
func TestRandomFaults(t *testing.T) {
	for _, s := range scenarios.All() {
		seen := map[string]bool{}
		shapes := map[string]bool{}
		rng := rand.New(rand.NewPCG(1, 2))
		for range 2000 {
			for _, f := range scenarios.RandomFaults(rng, s) {
				if err := faults.Validate(f, s.AllPoints()); err != nil {
					t.Fatalf("%s: drew %s: %v", s.ID, f, err)
				}
				if back, err := faults.ParseFault(f.String()); err != nil || back.String() != f.String() {
					t.Fatalf("%s: %s does not read back: %v", s.ID, f, err)
				}
				seen[f.Point+"="+string(f.Chain[0].Action)] = true
				switch term := f.Chain[0]; {
				case term.Count > 0:
					shapes["count"] = true
				case term.Percent > 0:
					shapes["percent"] = true
				default:
					shapes["always"] = true
				}
			}
		}
		for _, p := range s.AllPoints() {
			for _, a := range p.Kind.Actions() {
				if a == faults.Poison {
					if seen[p.Name+"="+string(a)] {
						t.Errorf("%s: drew %s=poison, which blocks a campaign's run for good", s.ID, p.Name)
					}
					continue
				}
				if !seen[p.Name+"="+string(a)] {
					t.Errorf("%s: never drew %s=%s", s.ID, p.Name, a)
				}
			}
		}
		if len(shapes) != 3 {
			t.Errorf("%s: term shapes %v", s.ID, shapes)
		}
	}
}

// TestMatrixStops: the matrix streams cells as runs finish and closes its
// channel soon after its context is cancelled, so a view can be left early.
func TestMatrixStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cells := scenarios.Matrix(ctx, 2)
	first, ok := <-cells
	if !ok || first.Report == nil && first.Err == nil {
		t.Fatalf("first cell %+v", first)
	}
	cancel()
	n := 1
	deadline := time.After(20 * time.Second)
	for {
		select {
		case _, ok := <-cells:
			if !ok {
				if n >= len(scenarios.Cells()) {
					t.Errorf("all %d cells came although the context was cancelled after the first", n)
				}
				return
			}
			n++
		case <-deadline:
			t.Fatalf("the channel is still open 20s after cancel")
		}
	}
}

func TestSpecCommand(t *testing.T) {
	s, _ := scenarios.Lookup("naive")
	fs, err := s.ParseFaults([]string{"publish=broker-down(200ms)", "after-commit=1*crash", "publish=25%ack-lost"})
	if err != nil {
		t.Fatal(err)
	}
	sp := scenarios.Spec{Strategy: s, Faults: fs, Seed: 42, Orders: 4, Lifecycle: true}
	want := "dualwrite run naive --seed 42 --orders 4 --workload lifecycle --fault publish=25%ack-lost --fault 'after-commit=1*crash'"
	if got := sp.Command(); got != want {
		t.Errorf("command\n %s\nwant\n %s", got, want)
	}
	if got := strings.Join(sp.FaultSpecs(), " "); got != "publish=25%ack-lost after-commit=1*crash" {
		t.Errorf("faults %s: want the later fault at a point in the earlier one's place", got)
	}
}
