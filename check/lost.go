package check

// lost finds an order the database committed that downstream never heard of,
// or whose last committed change never reached downstream (a cancel that never
// arrived). At most one finding per order.
func (o *order) lost() (Finding, bool) {
	if !o.committed() {
		return Finding{}, false
	}
	if !o.reached() {
		return Finding{Lost, o.id, o.explainNeverArrived()}, true
	}
	if len(o.changes) == 0 {
		return Finding{}, false
	}
	last := o.changes[len(o.changes)-1]
	if o.carried(last) {
		return Finding{}, false
	}
	return Finding{Lost, o.id, o.explainLastNeverArrived(last)}, true
}
