package concurrent

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// pending is one event waiting in the outbox or the change log.
type pending struct {
	key     int64 // outbox id or change log sequence
	payload []byte
}

// idlePoll is how often an idle worker looks for work it was not woken for.
const idlePoll = 2 * time.Millisecond

// relay is the outbox relay or the CDC connector: it reads a batch of
// pending events and publishes them all asynchronously. While JetStream
// stores them, it publishes the next batch too: at most two batches are in
// flight, so the broker never waits for the relay's own round trips. Once
// every ack of a batch is in, it marks the batch sent (or saves its offset)
// in one transaction, which also reads the batch after the next: one turn
// in the queue for the orders connection per batch. A crash between the
// publish and the mark would publish the batch again: at least once, as in
// the stepped lab.
func (r *runner) relay(ctx context.Context) error {
	var after int64
	if r.strategy == "cdc" {
		if err := r.w.orders.QueryRowContext(ctx, `SELECT seq FROM connector_offset WHERE id = 1`).Scan(&after); err != nil {
			return err
		}
	}
	idle := time.NewTicker(idlePoll)
	defer idle.Stop()
	var batch, flying []pending // to publish; published, acks awaited
	var acks []jetstream.PubAckFuture
	for {
		if len(batch) == 0 && len(flying) == 0 {
			var err error
			if batch, err = r.readPending(context.WithoutCancel(ctx), r.w.orders, after); err != nil {
				return err
			}
			if len(batch) == 0 {
				select {
				case <-ctx.Done():
					return nil
				case <-r.drained:
					return nil
				case <-r.work:
				case <-idle.C:
				}
				continue
			}
		}
		var next []jetstream.PubAckFuture
		if len(batch) > 0 {
			var err error
			if next, err = r.publishAsync(batch); err != nil {
				return err
			}
			after = batch[len(batch)-1].key
		}
		if len(flying) == 0 {
			// Nothing to mark yet: read the next batch while this one flies.
			flying, acks = batch, next
			var err error
			if batch, err = r.readPending(context.WithoutCancel(ctx), r.w.orders, after); err != nil {
				return err
			}
			continue
		}
		if err := waitAcks(ctx, acks); err != nil {
			if ctx.Err() != nil {
				return nil // stopped while waiting for acks: the batch stays pending
			}
			return err
		}
		sent := flying
		flying, acks = batch, next
		err := inTx(ctx, r.w.orders, func(ctx context.Context, tx *sql.Tx) (err error) {
			if err := r.markSent(ctx, tx, sent); err != nil {
				return err
			}
			batch, err = r.readPending(ctx, tx, after)
			return err
		})
		if err != nil {
			return err
		}
	}
}

// querier is a database or a transaction of it.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (r *runner) readPending(ctx context.Context, db querier, after int64) ([]pending, error) {
	q := `SELECT id, payload FROM outbox WHERE sent IS NULL AND id > ? ORDER BY id LIMIT ?`
	if r.strategy == "cdc" {
		q = `SELECT seq, order_id FROM changelog WHERE seq > ? ORDER BY seq LIMIT ?`
	}
	rows, err := db.QueryContext(ctx, q, after, r.batch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.key, &p.payload); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// publishBatch publishes every event of the batch before waiting for any
// ack, then waits for them all.
func (r *runner) publishBatch(ctx context.Context, batch []pending) error {
	acks, err := r.publishAsync(batch)
	if err != nil {
		return err
	}
	return waitAcks(ctx, acks)
}

// publishAsync publishes every event of the batch without waiting.
func (r *runner) publishAsync(batch []pending) ([]jetstream.PubAckFuture, error) {
	acks := make([]jetstream.PubAckFuture, len(batch))
	for i, p := range batch {
		var opts []jetstream.PublishOpt
		switch r.strategy {
		case "outbox-dedup":
			opts = append(opts, jetstream.WithMsgID("outbox-"+strconv.FormatInt(p.key, 10)))
		case "cdc":
			opts = append(opts, jetstream.WithMsgID("cdc-"+strconv.FormatInt(p.key, 10)))
		}
		f, err := r.w.js.PublishAsync(subject, p.payload, opts...)
		if err != nil {
			return nil, err
		}
		acks[i] = f
	}
	return acks, nil
}

// waitAcks waits for every ack, in the order of the publishes.
func waitAcks(ctx context.Context, acks []jetstream.PubAckFuture) error {
	for _, f := range acks {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// markSent marks the whole batch sent (or saves the connector's offset).
func (r *runner) markSent(ctx context.Context, tx *sql.Tx, batch []pending) error {
	first, last := batch[0].key, batch[len(batch)-1].key
	if r.strategy == "cdc" {
		_, err := tx.ExecContext(ctx, `UPDATE connector_offset SET seq = ? WHERE id = 1`, last)
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE outbox SET sent = ? WHERE id BETWEEN ? AND ? AND sent IS NULL`,
		time.Now().UnixNano(), first, last)
	return err
}

// inTx runs fn in one transaction of db and commits it. Its statements get
// a context that is never cancelled: go-sqlite3 runs each statement with a
// cancellable context on a goroutine of its own, two goroutine handoffs per
// statement on the path every order queues for. A statement here takes
// microseconds, and a run stops its workers between transactions.
func inTx(ctx context.Context, db *sql.DB, fn func(context.Context, *sql.Tx) error) error {
	ctx = context.WithoutCancel(ctx)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
