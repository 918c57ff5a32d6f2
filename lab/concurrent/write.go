package concurrent

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// Strategies are the write paths a concurrent run covers, by the lab's ids.
var Strategies = []string{"naive", "publish-first", "publish-in-tx", "outbox", "outbox-dedup", "cdc"}

// usesWorker says whether a strategy's events leave through a background
// worker (relay or connector) rather than the caller's own publish.
func usesWorker(strategy string) bool {
	return strategy == "outbox" || strategy == "outbox-dedup" || strategy == "cdc"
}

// dedups says whether the consumer is idempotent: an inbox of message ids.
func dedups(strategy string) bool { return strategy == "outbox-dedup" || strategy == "cdc" }

func orderID(n int) string { return "o-" + strconv.Itoa(n) }

// place is one caller placing order n with the strategy's write path, the
// same textbook sequence as the stepped strategy, without fault points.
func (r *runner) place(ctx context.Context, n int) error {
	id := orderID(n)
	switch r.strategy {
	case "naive":
		if err := r.commit(ctx, n, nil); err != nil {
			return err
		}
		return r.publish(ctx, id)
	case "publish-first":
		if err := r.publish(ctx, id); err != nil {
			return err
		}
		return r.commit(ctx, n, nil)
	case "publish-in-tx":
		return r.commit(ctx, n, func(context.Context, *sql.Tx) error { return r.publish(ctx, id) })
	case "outbox", "outbox-dedup":
		err := r.commit(ctx, n, func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.StmtContext(ctx, r.stmts.insertOutbox).ExecContext(ctx, subject, []byte(id))
			return err
		})
		r.wake()
		return err
	case "cdc":
		// The trigger writes the change log; the application knows nothing of events.
		err := r.commit(ctx, n, nil)
		r.wake()
		return err
	}
	return fmt.Errorf("no concurrent write path for %q", r.strategy)
}

// commit inserts order n, runs also inside the transaction, commits, and
// notes when the commit returned.
func (r *runner) commit(ctx context.Context, n int, also func(context.Context, *sql.Tx) error) error {
	err := inTx(ctx, r.w.orders, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.StmtContext(ctx, r.stmts.insertOrder).ExecContext(ctx, orderID(n), time.Now().UnixNano()); err != nil {
			return err
		}
		if also != nil {
			return also(ctx, tx)
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.committedAt[n].Store(time.Now().UnixNano())
	return nil
}

// publish sends the event of one order and waits for JetStream's ack.
func (r *runner) publish(ctx context.Context, id string) error {
	_, err := r.w.js.Publish(ctx, subject, []byte(id))
	return err
}

// wake tells the relay or connector there is work, without waiting.
func (r *runner) wake() {
	select {
	case r.work <- struct{}{}:
	default:
	}
}
