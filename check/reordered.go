package check

import "slices"

// reordered finds an order whose changes downstream applied out of commit
// order, or whose final state downstream differs from the database's when no
// lost or ghost finding already explains the difference.
func (o *order) reordered(explained bool) (Finding, bool) {
	seq := o.appliedVersions()
	outOfOrder := !slices.IsSorted(seq)
	diverged := !explained && o.finalStatesDiffer()
	if !outOfOrder && !diverged {
		return Finding{}, false
	}
	return Finding{Reordered, o.id, o.explainReordered(seq, outOfOrder)}, true
}

// appliedVersions is the committed versions downstream applied, each at its
// first application, in the order they were applied. They are distinct, so
// sorted means increasing.
func (o *order) appliedVersions() []int {
	var seq []int
	for _, d := range o.applied {
		if d.Version <= 0 || slices.Contains(seq, d.Version) {
			continue
		}
		if len(o.changes) > 0 && !o.hasVersion(d.Version) {
			continue // a ghost version, already named as such
		}
		seq = append(seq, d.Version)
	}
	return seq
}

func (o *order) finalStatesDiffer() bool {
	r, s := o.row, o.shipment
	if r == nil || s == nil {
		return false
	}
	return r.Status != s.Status || (r.Version > 0 && s.Version > 0 && r.Version != s.Version)
}
