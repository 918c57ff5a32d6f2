package check

import "slices"

// Judge compares the database with downstream, order by order, and returns the
// verdict of the run. Findings come sorted naturally by order id, and within an
// order as lost, ghost, duplicate, reordered, double-order.
func Judge(h History) Verdict {
	v := Verdict{Findings: []Finding{}, Ambiguous: []string{}, Parked: []Parked{}}
	all := orders(h)
	held := newStuck(h)
	for _, o := range all {
		lost, isLost := o.lost()
		parked, heldUp := held.holds(o)
		if isLost && heldUp {
			isLost = false // held up by a poison event, named below, not lost
			v.Parked = append(v.Parked, parked...)
		}
		if isLost {
			v.Anomalies.Lost++
			v.Findings = append(v.Findings, lost)
		}
		ghost, isGhost := o.ghost()
		if isGhost {
			v.Anomalies.Ghost++
			v.Findings = append(v.Findings, ghost)
		}
		if dup, extra := o.duplicate(); extra > 0 {
			v.Anomalies.Duplicate += extra
			v.Findings = append(v.Findings, dup)
		}
		// A version held up by a poison event explains a final state that
		// differs: shipping never got it, which is not an order of applies.
		if re, ok := o.reordered(isLost || isGhost || heldUp); ok {
			v.Anomalies.Reordered++
			v.Findings = append(v.Findings, re)
		}
		if o.ambiguous() {
			v.Ambiguous = append(v.Ambiguous, o.id)
		}
	}
	doubles := doubleOrders(h.Changes)
	v.Anomalies.DoubleOrder = len(doubles)
	v.Findings = append(v.Findings, doubles...)
	slices.SortStableFunc(v.Findings, func(a, b Finding) int { return compareNatural(a.Order, b.Order) })
	v.Blocked = held.blocked
	v.Consistent = v.Anomalies == Anomalies{} && len(v.Parked) == 0 && v.Blocked == nil

	v.DedupBy.Broker = h.BrokerDeduplicated
	for _, d := range h.Deliveries {
		switch {
		case d.Discarded:
			v.Discarded++
		case !d.Applied:
			v.DedupBy.Consumer++
		}
	}
	v.Deduplicated = v.DedupBy.Broker + v.DedupBy.Consumer
	v.Lag = lag(all)
	return v
}

// ambiguous says the caller of the placement saw a failure, or no answer,
// although the order was committed. A caller whose retry was told ok knows
// better: only the last answer it got counts.
func (o *order) ambiguous() bool {
	if !o.committed() {
		return false
	}
	last := Outcome("")
	for _, a := range o.attempts {
		if a.Op == "place" {
			last = a.Outcome
		}
	}
	return last == Fail || last == Unknown
}
