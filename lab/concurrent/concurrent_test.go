package concurrent_test

import (
	"context"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/lab/concurrent"
)

// A short concurrent run of every strategy completes, its counts add up
// from the stores, and without faults nothing is lost, ghost or duplicated.
func TestConcurrentRunsSettle(t *testing.T) {
	for _, s := range concurrent.Strategies {
		t.Run(s, func(t *testing.T) {
			res, err := concurrent.Run(context.Background(), concurrent.Config{Strategy: s, Orders: 400, Callers: 4, Batch: 32})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %.0f orders/s end to end, lag p50 %.2fms p99 %.2fms, peak %.0f MB", s, res.EndToEndPerSec, res.LagMs.P50, res.LagMs.P99, res.PeakRSSMB)
			if res.Committed != 400 || res.Shipments != res.Committed+res.Duplicate-res.Lost {
				t.Errorf("counts do not add up: %+v", res)
			}
			if !res.Consistent || res.Lost+res.Ghost+res.Duplicate != 0 {
				t.Errorf("a fault-free run is not consistent: %+v", res)
			}
			if res.GCPercent == 0 {
				t.Errorf("the run does not say the collector's target it ran with: %+v", res)
			}
			if res.Unmarked != 0 {
				t.Errorf("the relay left %d events unmarked after it stopped: a restart would publish them again", res.Unmarked)
			}
			if res.EndToEndPerSec <= 0 || res.LagMs.P99 < res.LagMs.P50 || res.PeakRSSMB <= 0 {
				t.Errorf("figures missing: %+v", res)
			}
		})
	}
}

// Paced, the requests come at about the asked rate.
func TestConcurrentPaced(t *testing.T) {
	res, err := concurrent.Run(context.Background(), concurrent.Config{Strategy: "outbox", Orders: 200, Interval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("outbox paced: %.0f requests/s, lag p50 %.2fms p99 %.2fms", res.RequestsPerSec, res.LagMs.P50, res.LagMs.P99)
	if res.RequestsPerSec > 1100 || !res.Consistent {
		t.Errorf("%+v: want at most about 1,000 requests/s, consistent", res)
	}
}

// The parts alone are measured, both positive.
func TestMeasureParts(t *testing.T) {
	p, err := concurrent.MeasureParts(context.Background(), 300, 4, 64)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", p)
	if p.SQLitePerSec <= 0 || p.JetStreamPerSec <= 0 || p.JetStreamSyncPerSec <= 0 || p.CommitPublishPerSec <= 0 {
		t.Errorf("%+v", p)
	}
}

// With batches far smaller than the orders, the relay always has a batch in
// flight while it publishes the next: each is marked once its acks are in,
// nothing is published twice or left unmarked, and the stream stays in order.
func TestRelayTwoBatchesInFlight(t *testing.T) {
	for _, s := range []string{"outbox", "cdc"} {
		for _, batch := range []int{1, 3} {
			res, err := concurrent.Run(context.Background(), concurrent.Config{Strategy: s, Orders: 120, Callers: 3, Batch: batch})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Consistent || res.Committed != 120 || res.Shipments != 120 || res.Unmarked != 0 {
				t.Errorf("%s, batches of %d: %+v", s, batch, res)
			}
		}
	}
}
