package concurrent_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/lab/concurrent"
)

// BenchmarkConcurrent measures the concurrent write path of each strategy,
// end to end: b.N orders placed by 8 callers and applied downstream. The
// process's CPU time per order is reported too: on a shared machine it
// moves less with the neighbours' load than the rate does.
func BenchmarkConcurrent(b *testing.B) {
	for _, s := range concurrent.Strategies {
		b.Run(s, func(b *testing.B) {
			cpu := cpuTime()
			res, err := concurrent.Run(context.Background(), concurrent.Config{Strategy: s, Orders: max(b.N, 2)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(res.EndToEndPerSec, "orders/s")
			b.ReportMetric(res.LagMs.P99, "lag-p99-ms")
			b.ReportMetric(res.PeakRSSMB, "peak-MB")
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(max(b.N, 2)), "cpu-µs/order")
		})
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
