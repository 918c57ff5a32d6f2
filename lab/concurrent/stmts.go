package concurrent

import (
	"context"
	"database/sql"
	"errors"
)

// stmts are the hot statements, prepared once: SQLite parses each only once
// instead of once per order.
type stmts struct {
	insertOrder, insertOutbox   *sql.Stmt // orders.db
	insertShipment, insertInbox *sql.Stmt // shipping.db
}

func prepare(ctx context.Context, w *world) (*stmts, error) {
	var s stmts
	var errs []error
	p := func(db *sql.DB, q string) *sql.Stmt {
		st, err := db.PrepareContext(ctx, q)
		errs = append(errs, err)
		return st
	}
	s.insertOrder = p(w.orders, `INSERT INTO orders (id, item, amount, status, version, updated_at) VALUES (?, 'book', 1200, 'placed', 1, ?)`)
	s.insertOutbox = p(w.orders, `INSERT INTO outbox (subject, payload) VALUES (?, ?)`)
	s.insertShipment = p(w.shipping, `INSERT INTO shipments (order_id, version, applied_at) VALUES (?, 1, ?)`)
	s.insertInbox = p(w.shipping, `INSERT OR IGNORE INTO inbox (msg_id) VALUES (?)`)
	return &s, errors.Join(errs...)
}
