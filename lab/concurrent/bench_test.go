package concurrent_test

import (
	"context"
	"testing"

	"github.com/dualwrite/dualwrite/lab/concurrent"
)

// BenchmarkConcurrent measures the concurrent write path of each strategy,
// end to end: b.N orders placed by 8 callers and applied downstream.
func BenchmarkConcurrent(b *testing.B) {
	for _, s := range concurrent.Strategies {
		b.Run(s, func(b *testing.B) {
			res, err := concurrent.Run(context.Background(), concurrent.Config{Strategy: s, Orders: max(b.N, 2)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(res.EndToEndPerSec, "orders/s")
			b.ReportMetric(res.LagMs.P99, "lag-p99-ms")
			b.ReportMetric(res.PeakRSSMB, "peak-MB")
		})
	}
}
