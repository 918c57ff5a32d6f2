package check_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/check"
)

func TestJudgeMeasuresLag(t *testing.T) {
	ms := time.Millisecond
	withLags := func(lags ...time.Duration) check.History {
		var h check.History
		for i, l := range lags {
			id := "o-" + string(rune('a'+i))
			h.Changes = append(h.Changes, check.Change{Order: id, Version: 1, Op: "place", State: "placed", At: 0})
			h.Deliveries = append(h.Deliveries, check.Delivery{Order: id, Version: 1, State: "placed", Applied: true, At: l})
		}
		return h
	}
	tests := []struct {
		name string
		h    check.History
		want check.Lag
	}{
		{"no samples", check.History{}, check.Lag{}},
		{"one to ten", withLags(3*ms, 1*ms, 2*ms, 10*ms, 4*ms, 5*ms, 6*ms, 7*ms, 8*ms, 9*ms), check.Lag{P50: 5, P99: 10, Samples: 10}},
		{"nearest rank, not interpolated", withLags(1*ms, 100*ms, 2*ms), check.Lag{P50: 2, P99: 100, Samples: 3}},
		{"fractions of a millisecond", withLags(1500 * time.Microsecond), check.Lag{P50: 1.5, P99: 1.5, Samples: 1}},
		{
			name: "from the first commit to the first applied delivery",
			h: check.History{
				Changes: []check.Change{
					{Order: "o-1", Version: 2, Op: "pay", State: "paid", At: 6 * ms},
					{Order: "o-1", Version: 1, Op: "place", State: "placed", At: 2 * ms},
				},
				Deliveries: []check.Delivery{
					{Order: "o-1", Version: 1, Applied: false, At: 3 * ms},
					{Order: "o-1", Version: 1, Applied: true, At: 7 * ms},
					{Order: "o-1", Version: 2, Applied: true, At: 9 * ms},
					{Order: "o-2", Version: 1, Applied: true, At: 50 * ms}, // never committed: no commit to measure from
				},
			},
			want: check.Lag{P50: 5, P99: 5, Samples: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := check.Judge(tt.h).Lag; got != tt.want {
				t.Errorf("lag = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestNoLagWhenNothingApplied(t *testing.T) {
	h := check.History{Changes: []check.Change{{Order: "o-1", Version: 1, Op: "place", State: "placed"}}}
	l := check.Judge(h).Lag
	b, err := json.Marshal(l)
	if err != nil || string(b) != "null" {
		t.Fatalf("JSON of no lag = %s, %v; want null", b, err)
	}
	if s := l.String(); strings.Contains(s, "0.0") || !strings.Contains(s, "none") {
		t.Fatalf("no lag reads %q", s)
	}
}
