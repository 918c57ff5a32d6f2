package scenarios_test

import (
	"context"
	"runtime"
	"syscall"
	"testing"
	"time"

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
	cpu := cpuTime()
	for b.Loop() {
		if _, err := scenarios.Run(context.Background(), sp.Config()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/run")
}

// cpuTime is the CPU time the process used so far, user and system: on a
// busy machine it tells more about a change than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
	cpu := cpuTime()
	for b.Loop() {
		c := &scenarios.Chaos{Strategies: []scenarios.Strategy{s}, Runs: 100, Seed: 1}
		if _, err := c.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(100*b.N), "cpu-ms/run")
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
}
