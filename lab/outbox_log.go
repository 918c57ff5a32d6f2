package lab

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"github.com/dualwrite/dualwrite/words"
	"strings"

	"github.com/dualwrite/dualwrite/trace"
)

// OutboxLogSchema is the outbox of log tailing and its change log.
//
//go:embed schema/outbox_log.sql
var OutboxLogSchema string

// LoggedEvent is a domain event as the change log recorded its outbox insert.
type LoggedEvent struct {
	Seq   int64 // the log's sequence: the connector's offset
	Event Event // with its own subject and the outbox row id as message id
}

// AddDomainEvent inserts ev into outbox_events, in the same transaction as the
// order, as an event of its aggregate: aggregatetype orders, aggregateid the
// order, type placed, paid or cancelled. It returns the row's id.
func (tx *Tx) AddDomainEvent(ctx context.Context, ev Event) (int64, error) {
	s := tx.s
	s.step(ctx, "outbox", ev.Order)
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO outbox_events (aggregatetype, aggregateid, type, payload) VALUES ('orders', ?, ?, ?)`,
		ev.Order, domainType(ev), ev.payload())
	if err != nil {
		return 0, fmt.Errorf("add %s to the outbox: %w", ev, err)
	}
	id, _ := res.LastInsertId()
	s.emit(ctx, trace.SQLite, "outbox", fmt.Sprintf("INSERT INTO outbox_events #%d: orders/%s %s, in the same transaction (the log records the insert)", id, ev.Order, domainType(ev)), ev.Order)
	return id, nil
}

// DeleteDomainEvent deletes the outbox row again, in the same transaction: the
// table never grows, and the log still holds the insert.
func (tx *Tx) DeleteDomainEvent(ctx context.Context, id int64) error {
	s := tx.s
	s.step(ctx, "delete outbox", tx.order)
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM outbox_events WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete outbox row #%d: %w", id, err)
	}
	s.emit(ctx, trace.SQLite, "delete outbox", fmt.Sprintf("DELETE FROM outbox_events #%d, in the same transaction: the table stays empty, the log keeps the insert", id), tx.order)
	return nil
}

// domainType is the event's type as its subject's last token: placed, paid, cancelled.
func domainType(ev Event) string { return strings.ToLower(strings.TrimPrefix(ev.Type, "Order")) }

// ReadOutboxLog reads the outbox inserts the log recorded after offset, oldest
// first; the deletes are skipped, as Debezium's outbox event router skips
// them. Each comes back as a domain event on orders.<order id>.<type>, with
// the outbox row id as its message id. Like ReadChanges it takes no turn of
// its own and shows only when it finds work.
func (s *Service) ReadOutboxLog(ctx context.Context, offset int64) ([]LoggedEvent, error) {
	s.alive()
	rs, err := s.db.QueryContext(ctx, `SELECT seq, id, aggregatetype, aggregateid, type, payload FROM outbox_log
		WHERE seq > ? AND op = 'insert' ORDER BY seq LIMIT 100`, offset)
	if err != nil {
		return nil, fmt.Errorf("read the outbox's log: %w", err)
	}
	defer rs.Close()
	var out []LoggedEvent
	var names []string
	for rs.Next() {
		var le LoggedEvent
		var id int64
		var agg, aggID, typ, payload string
		if err := rs.Scan(&le.Seq, &id, &agg, &aggID, &typ, &payload); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(payload), &le.Event); err != nil {
			return nil, fmt.Errorf("outbox log #%d: %w", le.Seq, err)
		}
		le.Event.To = agg + "." + aggID + "." + typ
		le.Event.MsgID = fmt.Sprintf("outbox-%d", id)
		out = append(out, le)
		names = append(names, fmt.Sprintf("#%d insert outbox #%d %s", le.Seq, id, le.Event.To))
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	if len(out) > 0 {
		a := actorOf(ctx)
		a.order = out[0].Event.Order
		s.run.trace.Add(trace.Event{Actor: a.name, Target: trace.SQLite, Step: "read log", Order: a.order, Count: len(out),
			Detail: fmt.Sprintf("%s after offset %d: %s", words.Count(len(out), "outbox insert", "outbox inserts"), offset, strings.Join(names, ", "))})
	}
	return out, nil
}

// outboxLogSettled says the connector saved an offset at or past the last
// outbox insert the log holds.
func (r *Run) outboxLogSettled(ctx context.Context, saved string) bool {
	var last int64
	r.ordersReader().QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM outbox_log WHERE op = 'insert'`).Scan(&last)
	return last <= Offset(saved)
}
