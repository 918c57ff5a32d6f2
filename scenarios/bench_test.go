package scenarios_test

import (
	"context"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// BenchmarkWritePath places b.N orders back to back with each strategy, no
// faults, and reports the write path: orders per second of the service's own
// steps, from request to reply. Runs are stepped, one actor at a time, so this
// is the cost of the code path, not the throughput of a deployment.
func BenchmarkWritePath(b *testing.B) {
	for _, s := range scenarios.All() {
		b.Run(s.ID, func(b *testing.B) {
			m := measure(b, s)
			b.ReportMetric(m.WritePerSec, "orders/s")
			b.ReportMetric(1e9/m.WritePerSec, "ns/op")
		})
	}
}

// BenchmarkRelay places b.N orders back to back with each strategy that has a
// background worker (relay, connector, poller), and reports how fast events
// reach shipping, first request to last apply, with the commit-to-apply lag.
func BenchmarkRelay(b *testing.B) {
	for _, s := range scenarios.All() {
		if _, ok := s.New().(lab.Worker); !ok {
			continue
		}
		b.Run(s.ID, func(b *testing.B) {
			m := measure(b, s)
			b.ReportMetric(m.EndToEndPerSec, "events/s")
			b.ReportMetric(m.Lag.P50, "lag-p50-ms")
			b.ReportMetric(m.Lag.P99, "lag-p99-ms")
			b.ReportMetric(1e9/m.EndToEndPerSec, "ns/op")
		})
	}
}

func measure(b *testing.B, s scenarios.Strategy) scenarios.Measurement {
	b.Helper()
	m, err := scenarios.Measure(context.Background(), scenarios.Spec{Strategy: s, Seed: 1, Orders: max(b.N, 2)}, 0)
	if err != nil {
		b.Fatal(err)
	}
	if m.WritePerSec == 0 || m.EndToEndPerSec == 0 {
		b.Fatalf("nothing measured: %+v", m)
	}
	return m
}
