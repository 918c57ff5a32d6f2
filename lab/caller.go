package lab

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/trace"
)

// The caller of the order service and what the service does for it before and
// after a strategy handles a request: it names new orders, answers a retry
// that carries a known idempotency key from the stored result, and may lose
// its reply on the way back.

// ReplyPoint is the fault point at the service's reply to its caller, after
// the strategy handled the request: the work is done (or failed), and the
// answer has yet to reach the caller.
const ReplyPoint = "reply"

// MaxRetry bounds Config.Retry: each retry is a request of its own.
const MaxRetry = 10

// errReplyLost is what the caller has when the service's reply never came.
var errReplyLost = errors.New("the reply was lost")

// ask is the caller: it sends req and, while it got no answer or a failure,
// sends it again, up to Config.Retry times, waiting a backoff on the lab's
// clock between two tries (RetryBackoff, doubled each time). A strategy that
// is a Retrier sends a request once more when it got no answer. named maps
// the caller's request numbers to the orders the service named for them.
func (r *Run) ask(ctx context.Context, a *actor, req Request, named map[string]string) {
	if req.Op != Place && req.Order == "" {
		req.Order = named[req.Ref]
	}
	if req.Op == Place && r.cfg.IdempotencyKey {
		req.Key = "key-" + req.Ref
	}
	retries, onFail := r.cfg.Retry, true
	if retries == 0 && r.retries() {
		// Such a caller retries on purpose, so it sends a key: without one its
		// retry would place a second order whenever the first one committed.
		retries, onFail = 1, false
		if req.Op == Place {
			req.Key = "key-" + req.Ref
		}
	}
	wait := r.cfg.RetryBackoff
	for try := 1; ; try++ {
		outcome := r.handle(ctx, a, nil, req)
		if req.Op == Place && req.Ref != "" {
			named[req.Ref] = a.order
		}
		if outcome == check.OK || (outcome == check.Fail && !onFail) || try > retries {
			return
		}
		why := "got no answer"
		if outcome == check.Fail {
			why = "was told the call failed"
		}
		if onFail {
			r.sched.sleep(a, wait, "retry", a.order)
			wait *= 2
			r.trace.Add(trace.Event{Actor: a.name, Step: "retry", Order: a.order,
				Detail: fmt.Sprintf("the caller %s and sends request %s again (retry %d of %d)%s", why, orRequest(req), try, retries, keyNote(req))})
			continue
		}
		r.trace.Add(trace.Event{Actor: a.name, Step: "retry", Order: a.order,
			Detail: "the caller got no answer and sends the same request again"})
	}
}

func orRequest(req Request) string {
	if req.Ref == "" {
		return req.String()
	}
	return req.Ref
}

func keyNote(req Request) string {
	if req.Key == "" {
		return ""
	}
	return ", with the same idempotency key " + req.Key
}

// accept is the service taking a request in: a placement carrying a key it
// has stored is answered from the stored result; a new placement gets the
// next order id. It reports whether the request is answered already.
func (r *Run) accept(ctx context.Context, s *Service, req Request) (Request, bool) {
	if req.Op != Place || req.Order != "" {
		return req, false
	}
	if req.Key != "" {
		if order, ok := s.storedKey(ctx, req.Key); ok {
			req.Order = order
			r.trace.Add(trace.Event{Actor: actorOf(ctx).name, Target: trace.SQLite, Step: "idempotency", Order: order,
				Detail: fmt.Sprintf("key %s is stored with %s: a retry of a request already placed; the service answers with the stored result and places nothing", req.Key, order)})
			return req, true
		}
	}
	req.Order = fmt.Sprintf("o-%d", r.nextOrder.Add(1))
	return req, false
}

// storedKey looks the key up in orders.db's idempotency table.
func (s *Service) storedKey(ctx context.Context, key string) (string, bool) {
	var order string
	err := s.db.QueryRowContext(ctx, `SELECT order_id FROM idempotency WHERE key = ?`, key).Scan(&order)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		s.run.fail(fmt.Errorf("read idempotency key %s: %w", key, err))
	}
	return order, err == nil
}

// rememberKey stores the key of a placement in the transaction that writes
// the order, right after the write: the key is durable exactly when the order
// is. A key another transaction committed since the service looked fails the
// write, before anything is decided, so a retry that raced its own first try
// places nothing (a participant of a two-phase commit votes no).
func (tx *Tx) rememberKey(ctx context.Context) error {
	if tx.key == "" {
		return nil
	}
	var other string
	err := tx.tx.QueryRowContext(ctx, `SELECT order_id FROM idempotency WHERE key = ?`, tx.key).Scan(&other)
	if err == nil {
		tx.s.emit(ctx, trace.SQLite, "idempotency", fmt.Sprintf("key %s is stored with %s already: %s is not placed", tx.key, other, tx.order), tx.order)
		return fmt.Errorf("idempotency key %s was used by %s already", tx.key, other)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read idempotency key %s: %w", tx.key, err)
	}
	_, err = tx.tx.ExecContext(ctx, `INSERT INTO idempotency (key, order_id, at_ns) VALUES (?, ?, ?)`,
		tx.key, tx.order, int64(tx.s.run.sched.clock()))
	if err != nil {
		return fmt.Errorf("store idempotency key %s of %s: %w", tx.key, tx.order, err)
	}
	return nil
}

// replyLost strikes the reply point and says whether the caller hears
// nothing. A crash there unwinds the call like any crash.
func (r *Run) replyLost(ctx context.Context, s *Service) bool {
	if _, ok := r.points[ReplyPoint]; !ok {
		return false
	}
	return r.strike(ctx, s, ReplyPoint).Action == faults.AckLost
}

// retryBackoff is the first wait before a caller's retry.
const retryBackoff = 50 * time.Millisecond

// validateCaller bounds the caller's retries and the broker's replicas.
func (c *Config) validateCaller() error {
	if c.Retry < 0 || c.Retry > MaxRetry {
		return inputErrorf("bad --retry %d: it must be from 0 to %d", c.Retry, MaxRetry)
	}
	if c.Replicas < 0 || c.Replicas > MaxReplicas {
		return inputErrorf("bad --replicas %d: it must be from 1 to %d, as JetStream allows", c.Replicas, MaxReplicas)
	}
	if c.Replicas > 1 && c.NATSURL == "" {
		return inputErrorf("--replicas %d needs --nats-url on a JetStream cluster of at least %d servers: the embedded broker is a single server", c.Replicas, c.Replicas)
	}
	return nil
}

// WithNATS returns the config with NATSURL set, for a run on an existing
// server or cluster.
func (c Config) WithNATS(url string) Config {
	c.NATSURL = url
	return c
}

// preview is the order a request is about, as the step it announces shows
// it before the service took it in: for a new placement, the name the
// service will give it, or the order its key is stored with. Only the caller
// names orders, one request at a time, so the preview comes true.
func (r *Run) preview(req Request) string {
	if req.Op != Place || req.Order != "" {
		return req.Order
	}
	if req.Key != "" {
		var order string
		if r.orders.QueryRow(`SELECT order_id FROM idempotency WHERE key = ?`, req.Key).Scan(&order) == nil {
			return order
		}
	}
	return fmt.Sprintf("o-%d", r.nextOrder.Load()+1)
}
