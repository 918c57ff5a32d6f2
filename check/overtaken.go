package check

import "fmt"

// overtaken says why an order was shipped more than once when no change was
// applied twice: a later change reached shipping first, found no shipment to
// update and created one, and the order's creation then created another. It
// returns "" when that is not what the applied deliveries show.
func (o *order) overtaken() string {
	if len(o.applied) < 2 || o.applied[0].Version <= 1 {
		return ""
	}
	if _, again := o.repeatedChanges(); again > 0 {
		return ""
	}
	first := o.applied[0]
	for _, d := range o.applied[1:] {
		if d.Version == 1 {
			return fmt.Sprintf("%s was shipped %d times: its %s v%d reached shipping before its %s v1, found no shipment to update and created one, and then %s v1 created another.",
				o.id, o.shipment.Count, first.Event, first.Version, d.Event, d.Event)
		}
	}
	return ""
}
