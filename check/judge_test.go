package check_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/check"
)

func TestJudgeCleanHistoryIsConsistent(t *testing.T) {
	v := check.Judge(placed("o-1", "o-2", "o-3"))
	if !v.Consistent || v.Anomalies != (check.Anomalies{}) {
		t.Fatalf("clean history judged %+v", v.Anomalies)
	}
	if len(v.Findings) != 0 || len(v.Ambiguous) != 0 {
		t.Fatalf("clean history has findings %+v, ambiguous %v", v.Findings, v.Ambiguous)
	}
}

func TestJudgeNamesEachAnomalyForItsOrder(t *testing.T) {
	tests := []struct {
		name   string
		damage func(h *check.History)
		want   check.Anomalies
		found  []named
	}{
		{
			name:   "lost: committed, never delivered",
			damage: func(h *check.History) { dropDownstream(h, "o-2") },
			want:   check.Anomalies{Lost: 1},
			found:  []named{{check.Lost, "o-2"}},
		},
		{
			name: "lost: row deleted by a cancel, still in the change log",
			damage: func(h *check.History) {
				commit(h, "o-2", 2, "cancel", "cancelled")
				dropRow(h, "o-2")
				dropDownstream(h, "o-2")
			},
			want:  check.Anomalies{Lost: 1},
			found: []named{{check.Lost, "o-2"}},
		},
		{
			name: "lost: the cancel never arrived",
			damage: func(h *check.History) {
				commit(h, "o-3", 2, "cancel", "cancelled")
				dropRow(h, "o-3")
			},
			want:  check.Anomalies{Lost: 1},
			found: []named{{check.Lost, "o-3"}},
		},
		{
			name: "lost, not reordered: the payment never arrived",
			damage: func(h *check.History) {
				commit(h, "o-1", 2, "pay", "paid")
				setRow(h, check.Row{Order: "o-1", Status: "paid", Version: 2})
			},
			want:  check.Anomalies{Lost: 1},
			found: []named{{check.Lost, "o-1"}},
		},
		{
			name: "ghost: shipped, never committed",
			damage: func(h *check.History) {
				setDeliveries(h, "o-4", applied(1, "OrderPlaced", "placed"))
				setShipment(h, check.Shipment{Order: "o-4", Status: "placed", Count: 1, Version: 1})
			},
			want:  check.Anomalies{Ghost: 1},
			found: []named{{check.Ghost, "o-4"}},
		},
		{
			name:   "ghost: applied, never committed, no shipment row",
			damage: func(h *check.History) { setDeliveries(h, "o-4", applied(1, "OrderPlaced", "placed")) },
			want:   check.Anomalies{Ghost: 1},
			found:  []named{{check.Ghost, "o-4"}},
		},
		{
			name: "ghost: a version the database never committed",
			damage: func(h *check.History) {
				setDeliveries(h, "o-1", applied(1, "OrderPlaced", "placed"), applied(2, "OrderPaid", "paid"))
				setShipment(h, check.Shipment{Order: "o-1", Status: "paid", Count: 1, Version: 2})
			},
			want:  check.Anomalies{Ghost: 1},
			found: []named{{check.Ghost, "o-1"}},
		},
		{
			name: "ghost version, not also a reordering",
			damage: func(h *check.History) {
				commit(h, "o-2", 2, "pay", "paid")
				setRow(h, check.Row{Order: "o-2", Status: "paid", Version: 2})
				setDeliveries(h, "o-2", applied(1, "OrderPlaced", "placed"), applied(3, "OrderPaid", "paid"), applied(2, "OrderPaid", "paid"))
				setShipment(h, check.Shipment{Order: "o-2", Status: "paid", Count: 1, Version: 2})
			},
			want:  check.Anomalies{Ghost: 1},
			found: []named{{check.Ghost, "o-2"}},
		},
		{
			name: "duplicate: shipped twice",
			damage: func(h *check.History) {
				setDeliveries(h, "o-2", repeat(applied(1, "OrderPlaced", "placed"), 2)...)
				setShipment(h, check.Shipment{Order: "o-2", Status: "placed", Count: 2, Version: 1})
			},
			want:  check.Anomalies{Duplicate: 1},
			found: []named{{check.Duplicate, "o-2"}},
		},
		{
			name: "duplicate: shipped three times",
			damage: func(h *check.History) {
				setDeliveries(h, "o-3", repeat(applied(1, "OrderPlaced", "placed"), 3)...)
				setShipment(h, check.Shipment{Order: "o-3", Status: "placed", Count: 3, Version: 1})
			},
			want:  check.Anomalies{Duplicate: 2},
			found: []named{{check.Duplicate, "o-3"}},
		},
		{
			name: "duplicate: two shipment rows, one delivery recorded",
			damage: func(h *check.History) {
				setShipment(h, check.Shipment{Order: "o-3", Status: "placed", Count: 2, Version: 1})
			},
			want:  check.Anomalies{Duplicate: 1},
			found: []named{{check.Duplicate, "o-3"}},
		},
		{
			name: "duplicate: a change applied twice, one shipment row",
			damage: func(h *check.History) {
				commit(h, "o-2", 2, "pay", "paid")
				setRow(h, check.Row{Order: "o-2", Status: "paid", Version: 2})
				setDeliveries(h, "o-2", applied(1, "OrderPlaced", "placed"), applied(2, "OrderPaid", "paid"), applied(2, "OrderPaid", "paid"))
				setShipment(h, check.Shipment{Order: "o-2", Status: "paid", Count: 1, Version: 2})
			},
			want:  check.Anomalies{Duplicate: 1},
			found: []named{{check.Duplicate, "o-2"}},
		},
		{
			name: "reordered: versions applied out of order, final state agrees",
			damage: func(h *check.History) {
				commit(h, "o-1", 2, "pay", "paid")
				setRow(h, check.Row{Order: "o-1", Status: "paid", Version: 2})
				setDeliveries(h, "o-1", applied(2, "OrderPaid", "paid"), applied(1, "OrderPlaced", "placed"))
				setShipment(h, check.Shipment{Order: "o-1", Status: "paid", Count: 1, Version: 2})
			},
			want:  check.Anomalies{Reordered: 1},
			found: []named{{check.Reordered, "o-1"}},
		},
		{
			name: "reordered: every change applied, final state differs",
			damage: func(h *check.History) {
				commit(h, "o-1", 2, "pay", "paid")
				setRow(h, check.Row{Order: "o-1", Status: "paid", Version: 2})
				setDeliveries(h, "o-1", applied(1, "OrderPlaced", "placed"), applied(2, "OrderPaid", "paid"))
			},
			want:  check.Anomalies{Reordered: 1},
			found: []named{{check.Reordered, "o-1"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := placed("o-1", "o-2", "o-3")
			tt.damage(&h)
			v := check.Judge(h)
			if v.Anomalies != tt.want {
				t.Errorf("anomalies = %+v, want %+v", v.Anomalies, tt.want)
			}
			if got := names(v.Findings); !slices.Equal(got, tt.found) {
				t.Errorf("findings = %v, want %v", got, tt.found)
			}
			if v.Consistent {
				t.Error("judged consistent")
			}
		})
	}
}

func TestJudgeSortsFindingsNaturally(t *testing.T) {
	h := placed("o-10", "o-2", "o-9", "o-1")
	for _, id := range []string{"o-10", "o-2", "o-1"} {
		dropDownstream(&h, id)
	}
	got := names(check.Judge(h).Findings)
	want := []named{{check.Lost, "o-1"}, {check.Lost, "o-2"}, {check.Lost, "o-10"}}
	if !slices.Equal(got, want) {
		t.Fatalf("findings = %v, want %v", got, want)
	}
}

func TestJudgeShowsEmptyListsAsEmpty(t *testing.T) {
	b, err := json.Marshal(check.Judge(check.History{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"findings":[]`, `"ambiguous":[]`, `"consistent":true`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
}
