package concurrent

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// applyBatch is the most messages the consumer applies in one transaction.
const applyBatch = 512

// consume applies the stream in order: the subscription hands messages over
// in stream order, the applier takes what has arrived (at least one, at most
// applyBatch), applies it in one shipping.db transaction, then acks the last
// (AckAll acks everything before it). An idempotent consumer records each
// message id in its inbox in the same transaction and skips one it has seen.
func (r *runner) consume(ctx context.Context) (stop func(), errc <-chan error, err error) {
	cons, err := r.w.js.CreateOrUpdateConsumer(ctx, "ORDERS", jetstream.ConsumerConfig{Durable: "shipping",
		AckPolicy: jetstream.AckAllPolicy, MaxAckPending: 1 << 16, AckWait: time.Minute})
	if err != nil {
		return nil, nil, err
	}
	msgs := make(chan jetstream.Msg, 4*applyBatch)
	cc, err := cons.Consume(func(m jetstream.Msg) {
		select {
		case msgs <- m:
		case <-ctx.Done():
		}
	}, jetstream.PullMaxMessages(applyBatch))
	if err != nil {
		return nil, nil, err
	}
	done := make(chan error, 1)
	go func() { done <- r.apply(ctx, msgs) }()
	return cc.Stop, done, nil
}

func (r *runner) apply(ctx context.Context, msgs <-chan jetstream.Msg) error {
	batch := make([]jetstream.Msg, 0, applyBatch)
	for {
		batch = batch[:0]
		select {
		case <-ctx.Done():
			return nil
		case m := <-msgs:
			batch = append(batch, m)
		}
	more:
		for len(batch) < applyBatch {
			select {
			case m := <-msgs:
				batch = append(batch, m)
			default:
				break more
			}
		}
		var firsts []int
		err := inTx(ctx, r.w.shipping, func(ctx context.Context, tx *sql.Tx) error {
			firsts = firsts[:0]
			insertShipment := tx.StmtContext(ctx, r.stmts.insertShipment)
			var insertInbox *sql.Stmt
			if dedups(r.strategy) {
				insertInbox = tx.StmtContext(ctx, r.stmts.insertInbox)
			}
			for _, m := range batch {
				if insertInbox != nil {
					if id := m.Headers().Get(jetstream.MsgIDHeader); id != "" {
						res, err := insertInbox.ExecContext(ctx, id)
						if err != nil {
							return err
						}
						if n, _ := res.RowsAffected(); n == 0 {
							r.deduplicated.Add(1)
							continue
						}
					}
				}
				order := string(m.Data())
				if _, err := insertShipment.ExecContext(ctx, order, time.Now().UnixNano()); err != nil {
					return err
				}
				if n, err := strconv.Atoi(strings.TrimPrefix(order, "o-")); err == nil && n > 0 && n < len(r.appliedAt) {
					firsts = append(firsts, n)
				}
			}
			return nil
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		now := time.Now().UnixNano()
		for _, n := range firsts {
			if r.appliedAt[n].CompareAndSwap(0, now) && r.applied.Add(1) == int64(len(r.appliedAt)-1) {
				close(r.allApplied)
			}
		}
		if err := batch[len(batch)-1].Ack(); err != nil && ctx.Err() == nil {
			return err
		}
	}
}
