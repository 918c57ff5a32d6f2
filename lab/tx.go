package lab

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/trace"
)

// Tx is a transaction on the order service's database.
type Tx struct {
	s       *Service
	tx      *sql.Tx
	order   string
	changes []check.Change
	done    bool
	// request and key are the caller's request number and idempotency key
	// of a placement, stored with it.
	request, key string
}

func (tx *Tx) about() string {
	if tx.order == "" {
		return ""
	}
	return " of " + tx.order
}

// Begin starts a transaction.
func (s *Service) Begin(ctx context.Context) (*Tx, error) {
	s.step(ctx, "begin", "")
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{s: s, tx: sqlTx, order: actorOf(ctx).order}
	s.mu.Lock()
	s.open[tx] = true
	s.mu.Unlock()
	s.emit(ctx, trace.SQLite, "begin", "BEGIN", tx.order)
	return tx, nil
}

// Save writes the request to the orders table: an insert for a new order, an
// update for a payment, a delete for a cancel. It returns the event that tells
// downstream about this change.
func (tx *Tx) Save(ctx context.Context, r Request) (Event, error) {
	s := tx.s
	s.step(ctx, "write", r.Order)
	tx.order = r.Order
	if r.Op == Place {
		tx.request, tx.key = r.Ref, r.Key
	}
	now := s.run.stamp()
	ev := Event{Type: eventTypeOf(r.Op), Order: r.Order, State: stateOf(r.Op), Version: 1, Item: r.Item, Amount: r.Amount}
	var err error
	var sqlText string
	switch r.Op {
	case Place:
		sqlText = fmt.Sprintf("INSERT INTO orders %s (%s, %s) v1", r.Order, r.Item, money(r.Amount))
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO orders (id, item, amount, status, version, updated_at) VALUES (?, ?, ?, ?, 1, ?)`,
			r.Order, r.Item, r.Amount, ev.State, now)
	case Pay:
		err = tx.tx.QueryRowContext(ctx, `UPDATE orders SET status = 'paid', version = version + 1, updated_at = ? WHERE id = ? RETURNING version, item, amount`,
			now, r.Order).Scan(&ev.Version, &ev.Item, &ev.Amount)
		sqlText = fmt.Sprintf("UPDATE orders SET status = paid WHERE id = %s (v%d)", r.Order, ev.Version)
	case Update:
		ev.State = r.State
		err = tx.tx.QueryRowContext(ctx, `UPDATE orders SET status = ?, version = version + 1, updated_at = ? WHERE id = ? RETURNING version, item, amount`,
			r.State, now, r.Order).Scan(&ev.Version, &ev.Item, &ev.Amount)
		sqlText = fmt.Sprintf("UPDATE orders SET status = %s WHERE id = %s (v%d)", r.State, r.Order, ev.Version)
	case Cancel:
		err = tx.tx.QueryRowContext(ctx, `DELETE FROM orders WHERE id = ? RETURNING version + 1, item, amount`,
			r.Order).Scan(&ev.Version, &ev.Item, &ev.Amount)
		sqlText = fmt.Sprintf("DELETE FROM orders WHERE id = %s (v%d)", r.Order, ev.Version)
	default:
		return Event{}, fmt.Errorf("unknown operation %q", r.Op)
	}
	if errors.Is(err, sql.ErrNoRows) {
		err = fmt.Errorf("no order %s", r.Order)
	}
	if err != nil {
		s.emitEvent(ctx, trace.Event{Target: trace.SQLite, Step: "write", Outcome: "fail", Detail: sqlText + " failed: " + err.Error(), Order: r.Order})
		return Event{}, fmt.Errorf("save %s: %w", r.Order, err)
	}
	s.emit(ctx, trace.SQLite, "write", sqlText, r.Order)
	if err := tx.rememberKey(ctx); err != nil {
		return Event{}, err
	}
	tx.changes = append(tx.changes, check.Change{Order: r.Order, Version: ev.Version, Op: string(r.Op), State: ev.State})
	return ev, nil
}

// Commit commits the transaction. point names the fault point at the commit:
// an error there is a real failed commit, after which nothing of the
// transaction is in the database.
func (tx *Tx) Commit(ctx context.Context, point string) error {
	s := tx.s
	s.step(ctx, "commit", tx.order)
	injected := s.run.strike(ctx, s, point).Action == faults.Error
	err := tx.logHistory(ctx)
	if err == nil {
		s.refuse.Store(injected)
		err = tx.tx.Commit()
		s.refuse.Store(false)
	}
	tx.finish()
	if err != nil {
		why := err.Error()
		if injected {
			why, err = "injected: SQLite's commit hook turned it into a rollback", ErrCommitRefused
		}
		s.run.trace.Add(trace.Event{Actor: actorOf(ctx).name, Target: trace.SQLite, Step: "commit", Order: tx.order, Outcome: "refused",
			Detail: fmt.Sprintf("COMMIT failed (%s): SQLite rolled back, nothing%s is in the database", why, tx.about())})
		return fmt.Errorf("the commit%s failed: %w", tx.about(), err)
	}
	s.run.trace.Add(trace.Event{Actor: actorOf(ctx).name, Target: trace.SQLite, Step: "commit", Order: tx.order, Version: tx.version(), Outcome: "committed",
		Detail: "COMMIT: " + tx.committed() + " durable in orders.db"})
	// A commit wakes the workers, except a poller: query-based capture only
	// looks when its interval comes round.
	if c, ok := s.run.cfg.Strategy.(Capture); !ok || c.Capture() != "poll" {
		for _, w := range s.workers {
			s.run.sched.wakeUp(w)
		}
	}
	return nil
}

// ErrCommitRefused is what a caller sees when an injected fault made SQLite
// refuse a commit.
var ErrCommitRefused = errors.New("SQLite refused it (injected)")

// logHistory writes the transaction's changes to the history table, inside
// the transaction, just before its COMMIT: they are durable exactly when the
// changes are.
func (tx *Tx) logHistory(ctx context.Context) error {
	writer, at := actorOf(ctx).name, tx.s.run.sched.clock()
	for _, c := range tx.changes {
		request := ""
		if c.Op == string(Place) {
			request = tx.request
		}
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO history (order_id, version, op, state, writer, at_ns, request) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.Order, c.Version, c.Op, c.State, writer, at, request)
		if err != nil {
			return fmt.Errorf("log the history of %s: %w", c.Order, err)
		}
	}
	return nil
}

func (tx *Tx) version() int {
	if len(tx.changes) == 0 {
		return 0
	}
	return tx.changes[len(tx.changes)-1].Version
}

func (tx *Tx) committed() string {
	if len(tx.changes) == 0 {
		return "the transaction is"
	}
	c := tx.changes[len(tx.changes)-1]
	return fmt.Sprintf("%s v%d (%s) is", c.Order, c.Version, c.State)
}

// Rollback undoes the transaction. After a commit, or in a dead instance, it
// does nothing, so it can be deferred.
func (tx *Tx) Rollback(ctx context.Context) error {
	if tx.done || tx.s.dead.Load() {
		return nil
	}
	s := tx.s
	s.step(ctx, "rollback", tx.order)
	err := tx.tx.Rollback()
	tx.finish()
	s.emit(ctx, trace.SQLite, "rollback", "ROLLBACK: nothing"+tx.about()+" is kept", tx.order)
	return err
}

func (tx *Tx) finish() {
	tx.done = true
	tx.s.mu.Lock()
	delete(tx.s.open, tx)
	tx.s.mu.Unlock()
}

// Describe returns the event that r will cause once committed, for strategies
// that publish before they write.
func (s *Service) Describe(ctx context.Context, r Request) (Event, error) {
	s.alive()
	ev := Event{Type: eventTypeOf(r.Op), Order: r.Order, State: stateOf(r.Op), Version: 1, Item: r.Item, Amount: r.Amount}
	if r.Op == Place {
		return ev, nil
	}
	err := s.db.QueryRowContext(ctx, `SELECT version + 1, item, amount FROM orders WHERE id = ?`, r.Order).Scan(&ev.Version, &ev.Item, &ev.Amount)
	if err != nil {
		return Event{}, fmt.Errorf("read %s: %w", r.Order, err)
	}
	return ev, nil
}
