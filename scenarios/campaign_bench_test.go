package scenarios_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

// BenchmarkOneRun makes one fault run, as `dualwrite run naive --fault
// after-commit=1*crash` does, per iteration.
func BenchmarkOneRun(b *testing.B) {
	s, err := scenarios.Lookup("naive")
	if err != nil {
		b.Fatal(err)
	}
	fs, err := s.ParseFaults([]string{"after-commit=1*crash"})
	if err != nil {
		b.Fatal(err)
	}
	sp := scenarios.Spec{Strategy: s, Seed: 1, Orders: 3, Faults: fs}
	for b.Loop() {
		if _, err := scenarios.Run(context.Background(), sp.Config()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCampaign100 runs a chaos campaign of 100 runs of outbox-dedup per
// iteration, and reports the heap left in use after it, which must not grow
// with the number of runs.
func BenchmarkCampaign100(b *testing.B) {
	s, err := scenarios.Lookup("outbox-dedup")
	if err != nil {
		b.Fatal(err)
	}
	var ms runtime.MemStats
	b.ReportAllocs()
	for b.Loop() {
		c := &scenarios.Chaos{Strategies: []scenarios.Strategy{s}, Runs: 100, Seed: 1}
		if _, err := c.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
}
