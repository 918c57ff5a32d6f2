package check_test

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/check"
)

func TestJudgeExplainsEachFinding(t *testing.T) {
	tests := []struct {
		name     string
		damage   func(h *check.History)
		kind     check.Kind
		order    string
		sentence string   // the whole sentence, when given
		contains []string // else parts of it
	}{
		{
			name: "lost, from the strike",
			damage: func(h *check.History) {
				dropDownstream(h, "o-1")
				h.Strikes = []check.Strike{{Order: "o-1", Point: "after-commit",
					Text: "the service crashed after the commit and before the publish (after-commit)"}}
			},
			kind: check.Lost, order: "o-1",
			sentence: "o-1 is in orders but shipping never heard of it, because the service crashed after the commit and before the publish (after-commit).",
		},
		{
			name: "lost, from several strikes in turn",
			damage: func(h *check.History) {
				dropDownstream(h, "o-1")
				h.Strikes = []check.Strike{
					{Order: "o-1", Point: "publish", Text: "the broker was down (publish)"},
					{Order: "o-1", Point: "after-commit", Text: "the service crashed after the commit (after-commit)."},
				}
			},
			kind: check.Lost, order: "o-1",
			contains: []string{"because the broker was down (publish); then the service crashed after the commit (after-commit)."},
		},
		{
			name: "lost, from the error the caller saw",
			damage: func(h *check.History) {
				dropDownstream(h, "o-1")
				h.Attempts[0].Outcome = check.Fail
				h.Attempts[0].Err = "publish: nats: no responders available for request"
			},
			kind: check.Lost, order: "o-1",
			contains: []string{`because the caller was told "publish: nats: no responders available for request"`},
		},
		{
			name: "lost, nothing recorded, not another order's strike",
			damage: func(h *check.History) {
				dropDownstream(h, "o-1")
				h.Strikes = []check.Strike{{Order: "o-2", Point: "after-commit", Text: "a strike on o-2"}}
			},
			kind: check.Lost, order: "o-1",
			sentence: "o-1 is in orders but shipping never heard of it, and no fault was recorded for it: the event never reached shipping.",
		},
		{
			name: "lost cancel",
			damage: func(h *check.History) {
				commit(h, "o-1", 2, "cancel", "cancelled")
				dropRow(h, "o-1")
				h.Strikes = []check.Strike{{Order: "o-1", Point: "after-commit", Text: "the service crashed after the commit and before the publish (after-commit)"}}
			},
			kind: check.Lost, order: "o-1",
			sentence: "o-1 is cancelled in orders but still placed in shipping: the cancel (v2) never arrived, so shipping would ship a cancelled order, because the service crashed after the commit and before the publish (after-commit).",
		},
		{
			name: "ghost",
			damage: func(h *check.History) {
				dropRow(h, "o-1")
				h.Changes = h.Changes[1:]
				h.Strikes = []check.Strike{{Order: "o-1", Point: "commit", Text: "the commit failed after the event was already published (commit)"}}
			},
			kind: check.Ghost, order: "o-1",
			sentence: "o-1 was shipped, but orders has no such order, because the commit failed after the event was already published (commit).",
		},
		{
			name: "ghost version",
			damage: func(h *check.History) {
				setDeliveries(h, "o-1", applied(1, "OrderPlaced", "placed"), applied(3, "OrderPaid", "paid"))
			},
			kind: check.Ghost, order: "o-1",
			contains: []string{"o-1 was applied by shipping as v3 (paid), but orders never committed that change", "no fault was recorded"},
		},
		{
			name: "duplicate",
			damage: func(h *check.History) {
				setDeliveries(h, "o-2", repeat(applied(1, "OrderPlaced", "placed"), 2)...)
				setShipment(h, check.Shipment{Order: "o-2", Status: "placed", Count: 2, Version: 1})
				h.Strikes = []check.Strike{{Order: "o-2", Point: "relay.after-publish",
					Text: "the relay published it, crashed before marking its outbox row sent, and published it again after the restart (relay.after-publish)"}}
			},
			kind: check.Duplicate, order: "o-2",
			sentence: "o-2 was shipped 2 times, because the relay published it, crashed before marking its outbox row sent, and published it again after the restart (relay.after-publish).",
		},
		{
			name: "duplicate change, one shipment row",
			damage: func(h *check.History) {
				setDeliveries(h, "o-2", repeat(applied(1, "OrderPlaced", "placed"), 3)...)
			},
			kind: check.Duplicate, order: "o-2",
			contains: []string{"o-2 had v1 applied 3 times by shipping"},
		},
		{
			name: "reordered",
			damage: func(h *check.History) {
				commit(h, "o-1", 2, "pay", "paid")
				setRow(h, check.Row{Order: "o-1", Status: "paid", Version: 2})
				setDeliveries(h, "o-1", applied(2, "OrderPaid", "paid"), applied(1, "OrderPlaced", "placed"))
			},
			kind: check.Reordered, order: "o-1",
			sentence: "o-1 ends as paid in orders but as placed in shipping: shipping applied its changes in the order v2, v1, not as they were committed.",
		},
		{
			name: "reordered by final state",
			damage: func(h *check.History) {
				commit(h, "o-1", 2, "pay", "paid")
				setRow(h, check.Row{Order: "o-1", Status: "paid", Version: 2})
				setDeliveries(h, "o-1", applied(1, "OrderPlaced", "placed"), applied(2, "OrderPaid", "paid"))
			},
			kind: check.Reordered, order: "o-1",
			sentence: "o-1 ends as paid in orders but as placed in shipping: shipping holds v1 where orders holds v2, so the changes took effect in an order other than the one they were committed in.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := placed("o-1", "o-2", "o-3")
			tt.damage(&h)
			got := explanationOf(t, check.Judge(h), tt.kind, tt.order)
			if !strings.HasPrefix(got, tt.order+" ") {
				t.Errorf("%q does not start with the order id", got)
			}
			if tt.sentence != "" && got != tt.sentence {
				t.Errorf("explanation\n got %q\nwant %q", got, tt.sentence)
			}
			for _, part := range tt.contains {
				if !strings.Contains(got, part) {
					t.Errorf("explanation %q lacks %q", got, part)
				}
			}
		})
	}
}
