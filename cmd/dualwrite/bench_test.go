package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestBenchJSON(t *testing.T) {
	code, stdout, stderr := runMain(t, "bench", "--orders", "60", "--strategy", "naive", "--strategy", "outbox", "--format", "json")
	var out struct {
		Orders     int
		Stepped    bool
		Strategies []struct {
			Strategy   string
			Throughput struct {
				WritePerSec    float64 `json:"write_per_sec"`
				EndToEndPerSec float64 `json:"end_to_end_per_sec"`
				Backlog        int
				Consistent     bool
			}
			Paced struct {
				RequestsPerSec float64                    `json:"requests_per_sec"`
				Lag            struct{ P50, P99 float64 } `json:"lag_ms"`
				Backlog        int
			}
			Outage *struct {
				Backlog int
			}
			OutageFault string `json:"outage_fault"`
		}
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &out) != nil {
		t.Fatalf("exit %d, stderr %q:\n%s", code, stderr, stdout)
	}
	if len(out.Strategies) != 2 || out.Orders != 60 || !out.Stepped {
		t.Fatalf("%+v", out)
	}
	for _, s := range out.Strategies {
		th, p := s.Throughput, s.Paced
		if th.WritePerSec <= 0 || th.EndToEndPerSec <= 0 || th.EndToEndPerSec > th.WritePerSec || !th.Consistent {
			t.Errorf("%s throughput %+v: want a write path faster than end to end, consistent", s.Strategy, th)
		}
		// Paced one order per millisecond, a run cannot go faster than 1,000
		// orders per second.
		if p.RequestsPerSec <= 0 || p.RequestsPerSec > 1000 || p.Lag.P99 <= 0 || p.Lag.P99 < p.Lag.P50 {
			t.Errorf("%s paced %+v", s.Strategy, p)
		}
	}
	naive, outbox := out.Strategies[0], out.Strategies[1]
	if naive.Paced.Backlog != -1 || naive.Outage != nil {
		t.Errorf("naive has no outbox, yet backlog %d, outage %+v", naive.Paced.Backlog, naive.Outage)
	}
	if outbox.Paced.Backlog != 1 || outbox.Outage == nil || outbox.Outage.Backlog < 5 ||
		outbox.OutageFault != "relay.publish=1*broker-down(20ms)" {
		t.Errorf("outbox: steady backlog %d, outage %+v (%s): want 1, then rows piling up while the broker is away",
			outbox.Paced.Backlog, outbox.Outage, outbox.OutageFault)
	}
}

func TestBenchText(t *testing.T) {
	code, stdout, stderr := runMain(t, "bench", "--orders", "20", "--strategy", "naive", "--strategy", "outbox-dedup")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Runs are stepped", "Write path · orders/s", "End to end · events/s", "% of naive",
		"Lag, commit to apply", "p99", "Outbox backlog", "relay.publish=1*broker-down(20ms)", "█"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestHbar(t *testing.T) {
	for _, c := range []struct {
		v, max float64
		want   int // cells
	}{{1, 1, chartWidth}, {0.5, 1, chartWidth / 2}, {0, 1, 0}, {1e-9, 1, 1}} {
		if got := len([]rune(hbar(c.v, c.max))); got != c.want {
			t.Errorf("hbar(%v, %v) has %d cells, want %d", c.v, c.max, got, c.want)
		}
	}
	if got := thousands(1234567); got != "1,234,567" {
		t.Errorf("thousands: %s", got)
	}
}
