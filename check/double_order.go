package check

import "fmt"

// doubleOrders finds the orders orders.db committed for a request of the
// caller that an earlier order had placed already: a retry of a call whose
// answer the caller never saw, placed again because nothing told the service
// it was a retry. Each extra order is one finding, in the order of the
// history; the first order of a request is the one the caller meant.
func doubleOrders(changes []Change) []Finding {
	first := map[string]string{} // request -> the order that placed it
	var out []Finding
	for _, c := range changes {
		if c.Op != "place" || c.Request == "" {
			continue
		}
		o, ok := first[c.Request]
		if !ok {
			first[c.Request] = c.Order
			continue
		}
		if o == c.Order {
			continue
		}
		out = append(out, Finding{DoubleOrder, c.Order, fmt.Sprintf(
			"%s is a second order for the caller's request %s, which %s had placed already: the caller retried a call whose answer it never saw, and the service, told nothing that marks a retry, placed it again.",
			c.Order, c.Request, o)})
	}
	return out
}

// DoubleOrderNote is ", double-order N" when there are double orders, for
// the lines that count the four anomalies of the contract.
func (a Anomalies) DoubleOrderNote(sep string) string {
	if a.DoubleOrder == 0 {
		return ""
	}
	return fmt.Sprintf("%sdouble-order %d", sep, a.DoubleOrder)
}
