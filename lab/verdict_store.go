package lab

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dualwrite/dualwrite/check"
)

// readStores reads what each world holds after recovery: orders.db's orders
// and the history of their committed changes, shipping.db's shipments and the
// journal of every delivery it handled. The verdict is judged from these.
func (r *Run) readStores(ctx context.Context) (check.History, error) {
	var h check.History
	var err error
	if h.DB, err = readOrders(ctx, r.ordersReader()); err != nil {
		return h, err
	}
	if h.Changes, err = readHistory(ctx, r.ordersReader()); err != nil {
		return h, err
	}
	if h.Shipments, err = readShipments(ctx, r.shippingReader()); err != nil {
		return h, err
	}
	if h.Deliveries, err = readJournal(ctx, r.shippingReader()); err != nil {
		return h, err
	}
	if err := r.readPoison(ctx, &h); err != nil {
		return h, err
	}
	return h, agree(h.DB, h.Changes)
}

// agree checks that orders.db agrees with its own history: every row is the
// last committed change of its order, and every order whose last change was
// not a cancel still has its row. They are written in one transaction, so a
// disagreement is a failure of the lab, never a verdict.
func agree(rows []check.Row, changes []check.Change) error {
	last := map[string]check.Change{}
	for _, c := range changes {
		if c.Version >= last[c.Order].Version {
			last[c.Order] = c
		}
	}
	for _, row := range rows {
		if c, ok := last[row.Order]; !ok || c.Version != row.Version {
			return fmt.Errorf("orders.db holds %s v%d, which its history never committed", row.Order, row.Version)
		}
		delete(last, row.Order)
	}
	for id, c := range last {
		if c.Op != string(Cancel) {
			return fmt.Errorf("orders.db's history committed %s v%d (%s), yet orders has no row for it", id, c.Version, c.Op)
		}
	}
	return nil
}

func readOrders(ctx context.Context, db *sql.DB) ([]check.Row, error) {
	return query(ctx, db, "read orders", `SELECT id, status, version FROM orders ORDER BY rowid`, func(rs *sql.Rows) (check.Row, error) {
		var row check.Row
		return row, rs.Scan(&row.Order, &row.Status, &row.Version)
	})
}

func readHistory(ctx context.Context, db *sql.DB) ([]check.Change, error) {
	return query(ctx, db, "read the history of orders", `SELECT order_id, version, op, state, writer, at_ns, request FROM history ORDER BY id`, func(rs *sql.Rows) (check.Change, error) {
		var c check.Change
		var at int64
		err := rs.Scan(&c.Order, &c.Version, &c.Op, &c.State, &c.By, &at, &c.Request)
		c.At = time.Duration(at)
		return c, err
	})
}

func readShipments(ctx context.Context, db *sql.DB) ([]check.Shipment, error) {
	return query(ctx, db, "read shipments", `SELECT order_id, (SELECT status FROM shipments l WHERE l.order_id = s.order_id ORDER BY id DESC LIMIT 1), count(*), max(version)
		FROM shipments s GROUP BY order_id ORDER BY min(id)`, func(rs *sql.Rows) (check.Shipment, error) {
		var s check.Shipment
		return s, rs.Scan(&s.Order, &s.Status, &s.Count, &s.Version)
	})
}

func readJournal(ctx context.Context, db *sql.DB) ([]check.Delivery, error) {
	return query(ctx, db, "read shipping's journal", `SELECT order_id, event, version, state, coalesce(msg_id, ''), seq, delivery, applied, discarded, at_ns FROM journal ORDER BY id`, func(rs *sql.Rows) (check.Delivery, error) {
		var d check.Delivery
		var times int
		var at int64
		err := rs.Scan(&d.Order, &d.Event, &d.Version, &d.State, &d.MsgID, &d.Seq, &times, &d.Applied, &d.Discarded, &at)
		d.Redelivered, d.At = times > 1, time.Duration(at)
		return d, err
	})
}

// query runs q and scans each row with scan.
func query[T any](ctx context.Context, db *sql.DB, what, q string, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rs, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rs.Close()
	var out []T
	for rs.Next() {
		v, err := scan(rs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
