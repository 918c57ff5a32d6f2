package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// The stepped figures of bench are read on the lab's clock, which moves a
// fixed amount for each step: the text says so, and the figures bear it out
// (the write path of N orders takes a whole number of steps). It does not
// say they are SQLite's and JetStream's real costs, nor that timers wake
// late on a clock that has none to wake.
func TestBenchFiguresAreOnTheLabsClock(t *testing.T) {
	const orders = 20
	code, stdout, stderr := runMain(t, "bench", "--orders", "20", "--strategy", "naive", "--strategy", "outbox", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct {
		StepMs     float64 `json:"step_ms"`
		IntervalMs float64 `json:"interval_ms"`
		Strategies []struct {
			Strategy   string
			Throughput struct {
				WritePerSec float64 `json:"write_per_sec"`
			}
			Paced struct {
				RequestsPerSec float64 `json:"requests_per_sec"`
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.StepMs <= 0 {
		t.Fatalf("step_ms %v: want the lab's step", out.StepMs)
	}
	for _, s := range out.Strategies {
		steps := orders / s.Throughput.WritePerSec * 1000 / out.StepMs
		if math.Abs(steps-math.Round(steps)) > 1e-6 || steps < orders {
			t.Errorf("%s: the write path of %d orders took %v steps of %vms: want a whole number", s.Strategy, orders, steps, out.StepMs)
		}
		// Paced from each reply to the next request: the rate reached is
		// below one per interval by the steps of each request, not by late
		// timers.
		if s.Paced.RequestsPerSec >= 1000/out.IntervalMs {
			t.Errorf("%s: paced at %v requests/s, want below %v", s.Strategy, s.Paced.RequestsPerSec, 1000/out.IntervalMs)
		}
	}
	_, text, _ := runMain(t, "bench", "--orders", "20", "--strategy", "naive")
	for _, want := range []string{"on\nthe lab's clock, which moves 0.10ms for each step", "from each reply to the next request"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for _, lie := range []string{"on SQLite and JetStream, on one core", "timers may wake late"} {
		if strings.Contains(text, lie) {
			t.Errorf("text says %q of figures on the lab's clock", lie)
		}
	}
}
