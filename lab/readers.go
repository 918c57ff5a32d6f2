package lab

import "database/sql"

// ordersReader is the pool the lab reads orders.db through to see whether the
// world settled and to judge it: the live service instance's, since a read
// changes nothing there (SQLite calls no commit hook for it), and the file
// then needs no connection of the lab's own, each of which costs an open and
// a close. With no live instance, the lab's own pool.
func (r *Run) ordersReader() *sql.DB {
	if s := r.service(); s != nil && !s.dead.Load() {
		return s.db
	}
	return r.orders
}

// shippingReader is, in the same way, the live consumer's pool for
// shipping.db, or the lab's own.
func (r *Run) shippingReader() *sql.DB {
	r.mu.Lock()
	c := r.consumer
	r.mu.Unlock()
	if c != nil {
		return c.db
	}
	return r.ship
}
