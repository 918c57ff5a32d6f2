package check

import "slices"

// order gathers what each world says about one order.
type order struct {
	id       string
	row      *Row
	changes  []Change   // by version
	applied  []Delivery // applied deliveries, in the order the consumer saw them
	stale    []Delivery // deliveries the consumer discarded as older than what it held
	shipment *Shipment
	attempts []Attempt
	strikes  []Strike
	unseen   Blindness
	killed   string
}

// orders indexes a history by order, sorted naturally by id so that findings
// come out in the same order on every run.
func orders(h History) []*order {
	byID := map[string]*order{}
	get := func(id string) *order {
		o, ok := byID[id]
		if !ok {
			o = &order{id: id, unseen: h.Unseen, killed: h.Killed}
			byID[id] = o
		}
		return o
	}
	for _, a := range h.Attempts {
		o := get(a.Order)
		o.attempts = append(o.attempts, a)
	}
	for _, c := range h.Changes {
		o := get(c.Order)
		o.changes = append(o.changes, c)
	}
	for i := range h.DB {
		get(h.DB[i].Order).row = &h.DB[i]
	}
	for _, d := range h.Deliveries {
		o := get(d.Order)
		if d.Applied {
			o.applied = append(o.applied, d)
		}
		if d.Discarded {
			o.stale = append(o.stale, d)
		}
	}
	for i := range h.Shipments {
		get(h.Shipments[i].Order).shipment = &h.Shipments[i]
	}
	for _, s := range h.Strikes {
		o := get(s.Order)
		o.strikes = append(o.strikes, s)
	}

	all := make([]*order, 0, len(byID))
	for _, o := range byID {
		slices.SortStableFunc(o.changes, func(a, b Change) int { return a.Version - b.Version })
		all = append(all, o)
	}
	slices.SortFunc(all, func(a, b *order) int { return compareNatural(a.id, b.id) })
	return all
}

// committed says the database holds the order, or held it until a cancel
// deleted the row.
func (o *order) committed() bool { return o.row != nil || len(o.changes) > 0 }

// reached says downstream applied something of the order.
func (o *order) reached() bool { return o.shipment != nil || len(o.applied) > 0 }

func (o *order) hasVersion(v int) bool {
	for _, c := range o.changes {
		if c.Version == v {
			return true
		}
	}
	return false
}

// carried says downstream applied change c, by a delivery of it or by a final
// state that includes it.
func (o *order) carried(c Change) bool {
	for _, d := range o.applied {
		if d.Version == c.Version || (d.Version == 0 && d.State == c.State) {
			return true
		}
	}
	if s := o.shipment; s != nil {
		return s.Version >= c.Version || (s.Version == 0 && s.Status == c.State)
	}
	return false
}

// downstreamState is what shipping believes the order is.
func (o *order) downstreamState() string {
	if o.shipment != nil {
		return o.shipment.Status
	}
	if n := len(o.applied); n > 0 {
		return o.applied[n-1].State
	}
	return ""
}
