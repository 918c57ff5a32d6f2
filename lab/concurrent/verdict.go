package concurrent

import (
	"context"
	"errors"
	"slices"
)

// lag is each order's commit to first apply, in milliseconds: negative where
// the event was applied before its order was committed (publish-first).
func (r *runner) lag() Lag {
	var ms []float64
	for n := 1; n < len(r.appliedAt); n++ {
		c, a := r.committedAt[n].Load(), r.appliedAt[n].Load()
		if c != 0 && a != 0 {
			ms = append(ms, float64(a-c)/1e6)
		}
	}
	if len(ms) == 0 {
		return Lag{}
	}
	slices.Sort(ms)
	q := func(p float64) float64 { return ms[min(len(ms)-1, int(p*float64(len(ms))))] }
	return Lag{P50: q(0.50), P99: q(0.99)}
}

// judge reads both stores and counts lost, ghost and duplicate orders.
func (r *runner) judge(ctx context.Context, res *Result) error {
	committed := map[string]bool{}
	rows, err := r.w.orders.QueryContext(ctx, `SELECT id FROM orders`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		committed[id] = true
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	shipped := map[string]int{}
	rows, err = r.w.shipping.QueryContext(ctx, `SELECT order_id FROM shipments`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		shipped[id]++
		res.Shipments++
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	res.Committed = len(committed)
	for id := range committed {
		if shipped[id] == 0 {
			res.Lost++
		}
	}
	for id, n := range shipped {
		if !committed[id] {
			res.Ghost++
		}
		res.Duplicate += n - 1
	}
	res.Consistent = res.Lost == 0 && res.Ghost == 0 && res.Duplicate == 0
	switch r.strategy {
	case "outbox", "outbox-dedup":
		return r.w.orders.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE sent IS NULL`).Scan(&res.Unmarked)
	case "cdc":
		return r.w.orders.QueryRowContext(ctx, `SELECT count(*) FROM changelog WHERE seq > (SELECT seq FROM connector_offset WHERE id = 1)`).Scan(&res.Unmarked)
	}
	return nil
}
