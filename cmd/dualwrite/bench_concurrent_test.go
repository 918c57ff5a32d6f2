package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// bench --concurrent puts the concurrent figures beside the stepped ones,
// with the targets, and each concurrent run is consistent and adds up.
func TestBenchConcurrent(t *testing.T) {
	code, stdout, stderr := runMain(t, "bench", "--concurrent", "--orders", "20", "--strategy", "naive", "--strategy", "outbox-dedup", "--format", "json")
	var out struct {
		Stepped    bool
		Strategies []struct{ Strategy string }
		Concurrent struct {
			Strategies []struct {
				Strategy   string
				Throughput struct {
					EndToEndPerSec         float64 `json:"end_to_end_per_sec"`
					Committed, Shipments   int
					Lost, Ghost, Duplicate int
					Consistent             bool
					PeakRSSMB              float64 `json:"peak_rss_mb"`
				}
				Paced struct {
					Consistent bool
					Lag        struct{ P50, P99 float64 } `json:"lag_ms"`
				}
			}
			Parts struct {
				SQLitePerSec    float64 `json:"sqlite_per_sec"`
				JetStreamPerSec float64 `json:"jetstream_per_sec"`
				JetStreamSync   float64 `json:"jetstream_sync_per_sec"`
				CommitPublish   float64 `json:"commit_publish_per_sec"`
			} `json:"parts"`
			Targets []struct{ What string }
		}
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &out) != nil {
		t.Fatalf("exit %d, stderr %q:\n%s", code, stderr, stdout)
	}
	if !out.Stepped || len(out.Strategies) != 2 || len(out.Concurrent.Strategies) != 2 || len(out.Concurrent.Targets) < 3 {
		t.Fatalf("%+v", out)
	}
	for _, c := range out.Concurrent.Strategies {
		th := c.Throughput
		if th.Committed != 200 || th.Shipments != 200 || !th.Consistent || !c.Paced.Consistent || th.EndToEndPerSec <= 0 || th.PeakRSSMB <= 0 || c.Paced.Lag.P99 <= 0 {
			t.Errorf("%s: %+v", c.Strategy, c)
		}
	}
	if out.Concurrent.Parts.SQLitePerSec <= 0 || out.Concurrent.Parts.JetStreamPerSec <= 0 || out.Concurrent.Parts.JetStreamSync <= 0 || out.Concurrent.Parts.CommitPublish <= 0 {
		t.Errorf("parts %+v", out.Concurrent.Parts)
	}
	code, stdout, _ = runMain(t, "bench", "--concurrent", "--orders", "20", "--strategy", "naive")
	if code != 0 || !strings.Contains(stdout, "stepped e2e/s") || !strings.Contains(stdout, "concurrent e2e/s") || !strings.Contains(stdout, "Targets") || !strings.Contains(stdout, "GOGC=400") || !strings.Contains(stdout, "naive end to end is") ||
		!strings.Contains(stdout, "the stepped figures above count each code path's steps on the lab's clock") {
		t.Errorf("text output does not say which figures are which:\n%s", stdout)
	}
}

// A strategy the concurrent bench has no write path for is named as not
// measured, not left out silently; with none measured, no empty targets.
func TestBenchConcurrentNamesWhatItDoesNotMeasure(t *testing.T) {
	code, stdout, stderr := runMain(t, "bench", "--concurrent", "--orders", "10", "--strategy", "race", "--strategy", "2pc")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Not measured concurrently (the concurrent bench has no write path for them): race, 2pc.",
		"(none of these strategies has a concurrent write path)", "3 runs of each strategy taken in turn and the median kept"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "Targets") {
		t.Errorf("an empty list of targets is printed:\n%s", stdout)
	}
}
