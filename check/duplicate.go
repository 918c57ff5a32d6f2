package check

import "fmt"

// applications counts how often downstream applied one change of an order.
type applications struct {
	change string // "v2", or the event name when the version is unknown
	times  int
}

// duplicate finds an order downstream applied more than once, and returns how
// many extra applications it saw.
//
// A duplicated event shows up twice: as a second applied delivery and as a
// second shipment row. Both count the same extra application, so the larger
// of the two is taken rather than their sum.
func (o *order) duplicate() (Finding, int) {
	shipped := 0
	if o.shipment != nil && o.shipment.Count > 1 {
		shipped = o.shipment.Count - 1
	}
	repeated, delivered := o.repeatedChanges()
	extra := max(shipped, delivered)
	if extra == 0 {
		return Finding{}, 0
	}
	if why := o.overtaken(); why != "" && shipped >= delivered {
		return Finding{Duplicate, o.id, why}, extra
	}
	if shipped >= delivered {
		return Finding{Duplicate, o.id, o.explainShippedTimes(o.shipment.Count)}, extra
	}
	return Finding{Duplicate, o.id, o.explainAppliedTimes(repeated)}, extra
}

// repeatedChanges lists the changes applied more than once, in the order
// first seen, and the number of extra applications.
func (o *order) repeatedChanges() ([]applications, int) {
	var all []applications
	at := map[string]int{}
	for _, d := range o.applied {
		key := d.Event
		if d.Version > 0 {
			key = fmt.Sprintf("v%d", d.Version)
		}
		i, ok := at[key]
		if !ok {
			i = len(all)
			at[key] = i
			all = append(all, applications{change: key})
		}
		all[i].times++
	}
	var repeated []applications
	extra := 0
	for _, a := range all {
		if a.times > 1 {
			repeated = append(repeated, a)
			extra += a.times - 1
		}
	}
	return repeated, extra
}
