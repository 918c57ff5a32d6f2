package lab

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/trace"
)

// OutboxRow is a pending row of the transactional outbox.
type OutboxRow struct {
	ID       int64
	Event    Event
	Attempts int
}

// MsgID is the row's identity as a message id: the same row always gets the
// same id, so a second publish of it can be recognised.
func (r OutboxRow) MsgID() string { return fmt.Sprintf("outbox-%d", r.ID) }

// AddToOutbox inserts ev into the outbox, in the same transaction as the order.
func (tx *Tx) AddToOutbox(ctx context.Context, ev Event) error {
	s := tx.s
	s.step(ctx, "outbox", ev.Order)
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO outbox (subject, payload, created) VALUES (?, ?, ?)`,
		ev.Subject(), ev.payload(), s.run.stamp())
	if err != nil {
		return fmt.Errorf("add %s to the outbox: %w", ev, err)
	}
	id, _ := res.LastInsertId()
	s.emit(ctx, trace.SQLite, "outbox", fmt.Sprintf("INSERT INTO outbox #%d: %s, in the same transaction", id, ev), ev.Order)
	return nil
}

// PendingOutbox reads the rows not yet marked sent, oldest first, and forgets
// rows sent longer ago than the retention. It takes no turn of its own: a relay
// calls it when woken, and it shows on the trace only when it finds work or
// forgets rows.
func (s *Service) PendingOutbox(ctx context.Context) ([]OutboxRow, error) {
	s.alive()
	a := actorOf(ctx)
	if now := s.run.sched.clock(); now-s.cleaned > s.run.cfg.OutboxRetention/10 {
		cutoff := stamp(s.run.epoch.Add(now - s.run.cfg.OutboxRetention))
		var forgot int64
		err := s.retryLocked(ctx, func() error {
			res, err := s.db.ExecContext(ctx, `DELETE FROM outbox WHERE sent IS NOT NULL AND sent < ?`, cutoff)
			if err == nil {
				forgot, err = res.RowsAffected()
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("clean the outbox: %w", err)
		}
		s.cleaned = now
		if forgot > 0 {
			s.run.trace.Add(trace.Event{Actor: a.name, Target: trace.SQLite, Step: "forget sent", Count: int(forgot),
				Detail: fmt.Sprintf("delete the outbox rows sent more than %s ago on the lab's clock (%d): the outbox keeps what is still to send, and what was sent only for a while", s.run.cfg.OutboxRetention, forgot)})
		}
	}
	rs, err := s.db.QueryContext(ctx, `SELECT id, payload, attempts FROM outbox WHERE sent IS NULL ORDER BY id LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("read the outbox: %w", err)
	}
	defer rs.Close()
	var rows []OutboxRow
	var names []string
	for rs.Next() {
		var row OutboxRow
		var payload []byte
		if err := rs.Scan(&row.ID, &payload, &row.Attempts); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(payload, &row.Event); err != nil {
			return nil, fmt.Errorf("outbox #%d: %w", row.ID, err)
		}
		rows = append(rows, row)
		names = append(names, fmt.Sprintf("#%d %s", row.ID, row.Event.Order))
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	if len(rows) > 0 {
		a.order = rows[0].Event.Order
		s.run.trace.Add(trace.Event{Actor: a.name, Target: trace.SQLite, Step: "read outbox", Order: rows[0].Event.Order, Count: len(rows),
			Detail: fmt.Sprintf("%d pending: %s", len(rows), strings.Join(names, ", "))})
	}
	return rows, nil
}

// MarkSent marks an outbox row as published.
func (s *Service) MarkSent(ctx context.Context, row OutboxRow) error {
	s.step(ctx, "mark sent", row.Event.Order)
	err := s.retryLocked(ctx, func() error {
		_, err := s.db.ExecContext(ctx, `UPDATE outbox SET sent = ? WHERE id = ?`, s.run.stamp(), row.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark outbox #%d sent: %w", row.ID, err)
	}
	s.emit(ctx, trace.SQLite, "mark sent", fmt.Sprintf("UPDATE outbox #%d (%s) SET sent: the relay will not publish it again", row.ID, row.Event.Order), row.Event.Order)
	return nil
}

// RetryLater counts a failed attempt on the row and waits with exponential
// backoff before the relay tries again.
func (s *Service) RetryLater(ctx context.Context, row OutboxRow, cause error) {
	s.alive()
	attempts := row.Attempts + 1
	err := s.retryLocked(ctx, func() error {
		_, err := s.db.ExecContext(ctx, `UPDATE outbox SET attempts = ? WHERE id = ?`, attempts, row.ID)
		return err
	})
	if err != nil {
		s.run.fail(fmt.Errorf("count an attempt on outbox #%d: %w", row.ID, err))
		return
	}
	wait := min(s.run.cfg.RelayBackoff<<min(attempts-1, 10), 16*s.run.cfg.RelayBackoff)
	s.emit(ctx, trace.SQLite, "retry later", fmt.Sprintf("outbox #%d (%s) stays pending after attempt %d; next try in %s", row.ID, row.Event.Order, attempts, wait), row.Event.Order)
	s.Sleep(ctx, wait, "retry")
}
