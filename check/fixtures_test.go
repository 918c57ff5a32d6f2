package check_test

import (
	"slices"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/check"
)

// placed is a clean history: each order placed, committed, delivered once and
// shipped once, o-1 at 0 ms, o-2 at 1 ms, ..., each applied 1 ms after its commit.
func placed(ids ...string) check.History {
	var h check.History
	for i, id := range ids {
		at := time.Duration(i) * time.Millisecond
		h.Attempts = append(h.Attempts, check.Attempt{Order: id, Op: "place", Outcome: check.OK, At: at})
		h.Changes = append(h.Changes, check.Change{Order: id, Version: 1, Op: "place", State: "placed", At: at})
		h.DB = append(h.DB, check.Row{Order: id, Status: "placed", Version: 1})
		h.Deliveries = append(h.Deliveries, check.Delivery{
			Order: id, Event: "OrderPlaced", Version: 1, State: "placed",
			Seq: uint64(i + 1), Applied: true, At: at + time.Millisecond,
		})
		h.Shipments = append(h.Shipments, check.Shipment{Order: id, Status: "placed", Count: 1, Version: 1})
	}
	return h
}

// dropDownstream forgets every delivery and shipment of the order.
func dropDownstream(h *check.History, id string) {
	h.Deliveries = slices.DeleteFunc(h.Deliveries, func(d check.Delivery) bool { return d.Order == id })
	h.Shipments = slices.DeleteFunc(h.Shipments, func(s check.Shipment) bool { return s.Order == id })
}

func dropRow(h *check.History, id string) {
	h.DB = slices.DeleteFunc(h.DB, func(r check.Row) bool { return r.Order == id })
}

func setRow(h *check.History, r check.Row) {
	dropRow(h, r.Order)
	h.DB = append(h.DB, r)
}

func setShipment(h *check.History, s check.Shipment) {
	h.Shipments = slices.DeleteFunc(h.Shipments, func(x check.Shipment) bool { return x.Order == s.Order })
	h.Shipments = append(h.Shipments, s)
}

func setDeliveries(h *check.History, id string, ds ...check.Delivery) {
	h.Deliveries = slices.DeleteFunc(h.Deliveries, func(d check.Delivery) bool { return d.Order == id })
	for _, d := range ds {
		d.Order = id
		h.Deliveries = append(h.Deliveries, d)
	}
}

// commit records a further committed change of the order.
func commit(h *check.History, id string, version int, op, state string) {
	h.Changes = append(h.Changes, check.Change{
		Order: id, Version: version, Op: op, State: state, At: time.Duration(version) * time.Second,
	})
}

func applied(version int, event, state string) check.Delivery {
	return check.Delivery{Event: event, Version: version, State: state, Applied: true}
}

func repeat(d check.Delivery, n int) []check.Delivery {
	ds := make([]check.Delivery, n)
	for i := range ds {
		ds[i] = d
		ds[i].Redelivered = i > 0
	}
	return ds
}

// named is a finding without its sentence, to compare who got what.
type named struct {
	Kind  check.Kind
	Order string
}

func names(fs []check.Finding) []named {
	out := []named{}
	for _, f := range fs {
		out = append(out, named{f.Kind, f.Order})
	}
	return out
}

func explanationOf(tb testing.TB, v check.Verdict, kind check.Kind, id string) string {
	tb.Helper()
	for _, f := range v.Findings {
		if f.Kind == kind && f.Order == id {
			return f.Explanation
		}
	}
	tb.Fatalf("no %s finding for %s in %+v", kind, id, v.Findings)
	return ""
}
