package lab

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/dualwrite/dualwrite/words"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/trace"
)

// ChangelogSchema is the change log and its triggers, for log-based capture.
//
//go:embed schema/changelog.sql
var ChangelogSchema string

// RowChange is one change of a row of orders, as the change log recorded it.
type RowChange struct {
	Seq    int64           `json:"seq"`
	Op     string          `json:"op"` // insert, update, delete
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// Capture is a strategy that captures changes instead of publishing them:
// "log" tails the change log, "poll" queries orders.
type Capture interface {
	Capture() string
}

// ReadChanges reads the change log after offset, oldest first. Like
// PendingOutbox it takes no turn of its own and shows only when it finds work.
func (s *Service) ReadChanges(ctx context.Context, offset int64) ([]Event, error) {
	s.alive()
	rs, err := s.db.QueryContext(ctx, `SELECT seq, op, order_id, version, before, after FROM changelog WHERE seq > ? ORDER BY seq LIMIT 100`, offset)
	if err != nil {
		return nil, fmt.Errorf("read the change log: %w", err)
	}
	defer rs.Close()
	var evs []Event
	var names []string
	for rs.Next() {
		var c RowChange
		var ev Event
		var before, after *string
		if err := rs.Scan(&c.Seq, &c.Op, &ev.Order, &ev.Version, &before, &after); err != nil {
			return nil, err
		}
		var row struct {
			Item   string `json:"item"`
			Amount int    `json:"amount"`
			Status string `json:"status"`
		}
		if before != nil {
			c.Before = json.RawMessage(*before)
		}
		if after != nil {
			c.After = json.RawMessage(*after)
			json.Unmarshal(c.After, &row)
		} else if before != nil {
			json.Unmarshal(c.Before, &row)
			row.Status = "cancelled"
		}
		ev.Type, ev.State, ev.Item, ev.Amount, ev.Change = "RowChanged", row.Status, row.Item, row.Amount, &c
		ev.MsgID = fmt.Sprintf("cdc-%d", c.Seq)
		evs = append(evs, ev)
		names = append(names, fmt.Sprintf("#%d %s %s", c.Seq, c.Op, ev.Order))
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	if len(evs) > 0 {
		actorOf(ctx).order = evs[0].Order
		s.emit(ctx, trace.SQLite, "read log", fmt.Sprintf("%s after offset %d: %s", words.Count(len(evs), "change", "changes"), offset, strings.Join(names, ", ")), evs[0].Order)
	}
	return evs, nil
}

// PollOrders reads the current state of the orders changed since the given
// updated_at, oldest first: what query-based capture can see. A row deleted
// since, or changed twice, shows only as it is now.
func (s *Service) PollOrders(ctx context.Context, since string) ([]PolledRow, error) {
	s.alive()
	rs, err := s.db.QueryContext(ctx, `SELECT id, item, amount, status, version, updated_at FROM orders WHERE updated_at > ? ORDER BY updated_at LIMIT 100`, since)
	if err != nil {
		return nil, fmt.Errorf("poll orders: %w", err)
	}
	defer rs.Close()
	var rows []PolledRow
	var names []string
	for rs.Next() {
		var ev Event
		var at string
		if err := rs.Scan(&ev.Order, &ev.Item, &ev.Amount, &ev.State, &ev.Version, &at); err != nil {
			return nil, err
		}
		ev.Type = "OrderPlaced"
		if ev.State == "paid" {
			ev.Type = "OrderPaid"
		}
		rows = append(rows, PolledRow{Event: ev, UpdatedAt: at})
		names = append(names, fmt.Sprintf("%s v%d %s", ev.Order, ev.Version, ev.State))
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	if len(rows) > 0 {
		actorOf(ctx).order = rows[0].Event.Order
		s.emitEvent(ctx, trace.Event{Target: trace.SQLite, Step: "poll", Count: len(rows), Order: rows[0].Event.Order,
			Detail: fmt.Sprintf("SELECT orders changed since the last poll: %s", strings.Join(names, ", "))})
	}
	return rows, nil
}

// PolledRow is an order as a poll saw it.
type PolledRow struct {
	Event     Event
	UpdatedAt string
}

// LoadOffset reads a capture worker's offset from the key-value bucket; ""
// when it has none yet.
func (s *Service) LoadOffset(ctx context.Context, key string) (string, error) {
	s.step(ctx, "load offset", "")
	kv, err := s.js.CreateOrUpdateKeyValue(ctx, taggedBucket(jetstream.KeyValueConfig{Bucket: s.run.names.bucket, Storage: s.run.storage(), Replicas: s.run.replicas()}))
	if err != nil {
		return "", fmt.Errorf("open the offset bucket: %w", err)
	}
	s.mu.Lock()
	s.kv = kv
	s.mu.Unlock()
	val := ""
	e, err := kv.Get(ctx, key)
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
	case err != nil:
		return "", fmt.Errorf("load offset %s: %w", key, err)
	default:
		val = string(e.Value())
	}
	s.emitEvent(ctx, trace.Event{Target: trace.NATS, Step: "load offset", Offset: val,
		Detail: fmt.Sprintf("offset %s = %q, from the key-value bucket %s: resume after it", key, val, s.run.names.bucket)})
	return val, nil
}

// SaveOffset stores a capture worker's offset in the key-value bucket.
func (s *Service) SaveOffset(ctx context.Context, key, val string) error {
	a := s.step(ctx, "save offset", "")
	s.mu.Lock()
	kv := s.kv
	s.mu.Unlock()
	var err error
	if kv == nil {
		kv, err = s.js.KeyValue(ctx, s.run.names.bucket)
	}
	if err == nil {
		_, err = kv.Put(ctx, key, []byte(val))
	}
	if err != nil {
		return fmt.Errorf("save offset %s: %w", key, err)
	}
	s.emitEvent(ctx, trace.Event{Target: trace.NATS, Step: "save offset", Offset: val, Order: a.order,
		Detail: fmt.Sprintf("offset %s = %q: what is published up to here will not be read again", key, val)})
	return nil
}

// offsets is the lab's handle on the offset bucket, looked up once it exists.
func (r *Run) offsets(ctx context.Context) (jetstream.KeyValue, error) {
	r.mu.Lock()
	kv := r.kv
	r.mu.Unlock()
	if kv != nil {
		return kv, nil
	}
	kv, err := r.js.KeyValue(ctx, r.names.bucket)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.kv = kv
	r.mu.Unlock()
	return kv, nil
}

// Offset parses a change-log offset; "" is the start.
func Offset(val string) int64 {
	n, _ := strconv.ParseInt(val, 10, 64)
	return n
}

// captureSettled reports whether a capture worker has caught up with the
// database: the last change logged, or the last row updated, is behind its
// saved offset.
func (r *Run) captureSettled(ctx context.Context) bool {
	c, ok := r.cfg.Strategy.(Capture)
	if !ok {
		return true
	}
	kv, err := r.offsets(ctx)
	saved := ""
	if err == nil {
		if e, err := kv.Get(ctx, c.Capture()); err == nil {
			saved = string(e.Value())
		}
	}
	switch c.Capture() {
	case "log":
		var last int64
		r.ordersReader().QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM changelog`).Scan(&last)
		return last <= Offset(saved)
	case "outbox-log":
		return r.outboxLogSettled(ctx, saved)
	case "poll":
		var last string
		r.ordersReader().QueryRowContext(ctx, `SELECT coalesce(max(updated_at), '') FROM orders`).Scan(&last)
		return last <= saved
	}
	return true
}
