package check

import "slices"

// lost finds an order the database committed that downstream never heard of,
// or whose last committed change never reached downstream (a cancel that never
// arrived). At most one finding per order.
func (o *order) lost() (Finding, bool) {
	if !o.committed() {
		return Finding{}, false
	}
	if o.shipment == nil {
		// Whatever shipping's journal says it applied, shipments is what
		// shipping acts on.
		return Finding{Lost, o.id, o.explainNeverArrived()}, true
	}
	if len(o.changes) == 0 {
		return Finding{}, false
	}
	last := o.changes[len(o.changes)-1]
	if !o.carried(last) {
		return Finding{Lost, o.id, o.explainLastNeverArrived(last)}, true
	}
	if missed, ok := o.missedIntermediate(); ok {
		return Finding{Lost, o.id, o.explainMissedState(missed, last)}, true
	}
	return Finding{}, false
}

// missedIntermediate finds a committed change, before the last, that never
// reached downstream as an event of its own although later ones did: the
// intermediate state that query-based capture skips. A change that arrived
// after a newer one and was discarded as stale did reach downstream.
func (o *order) missedIntermediate() (Change, bool) {
	for _, c := range o.changes[:len(o.changes)-1] {
		seen := false
		for _, d := range slices.Concat(o.applied, o.stale) {
			if d.Version == c.Version || d.Version == 0 {
				seen = true
			}
		}
		if !seen {
			return c, true
		}
	}
	return Change{}, false
}
