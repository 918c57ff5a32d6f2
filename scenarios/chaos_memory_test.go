package scenarios

import (
	"math/rand/v2"
	"testing"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
)

// TestChaosKeepsNoPerRunData: however many runs show an anomaly, a result
// keeps only the tallies and the earliest Keep witnesses of each kind, even
// when runs finish out of order, so memory does not grow with the runs.
func TestChaosKeepsNoPerRunData(t *testing.T) {
	naive, err := Lookup("naive")
	if err != nil {
		t.Fatal(err)
	}
	c := &Chaos{Strategies: []Strategy{naive}, Runs: 5000, Seed: 3}
	d := c.drawer(naive)
	res := ChaosResult{Strategy: "naive", Runs: c.Runs, First: map[check.Kind]*Witness{}, keep: 3,
		witnesses: map[check.Kind][]Witness{}}
	order := rand.New(rand.NewPCG(1, 2)).Perm(c.Runs) // finish order
	specs := make([]Spec, c.Runs)
	for i := range specs {
		specs[i] = d.next()
	}
	for _, idx := range order {
		rep := &lab.Report{Settled: true, Verdict: check.Verdict{Anomalies: check.Anomalies{Lost: 1, Duplicate: 2}}}
		res.add(idx, specs[idx], rep, nil)
	}
	if res.Done != c.Runs || res.RunsWith.Lost != c.Runs || res.Anomalies.Duplicate != 2*c.Runs {
		t.Errorf("tallies %+v", res)
	}
	for _, k := range []check.Kind{check.Lost, check.Duplicate} {
		ws := res.witnesses[k]
		if len(ws) != 3 {
			t.Fatalf("%s: %d witnesses kept, want 3", k, len(ws))
		}
		for i, w := range ws {
			if w.Run != i+1 {
				t.Errorf("%s: witness %d is run %d, want run %d", k, i, w.Run, i+1)
			}
		}
		if res.First[k].Run != 1 {
			t.Errorf("%s: first is run %d, want 1", k, res.First[k].Run)
		}
	}
}
