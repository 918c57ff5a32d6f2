package scenarios

import (
	"context"

	"github.com/dualwrite/dualwrite/lab"
)

// outbox writes the order and its event in one local transaction; a relay in
// the same service publishes pending outbox rows and marks them sent.
type outbox struct{}

func (outbox) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	ev, err := tx.Save(ctx, r)
	if err != nil {
		return err
	}
	if err := tx.AddToOutbox(ctx, ev); err != nil {
		return err
	}
	if err := tx.Commit(ctx, "commit"); err != nil {
		return err
	}
	s.Point(ctx, "after-commit") // order and event are durable together; the relay takes it from here
	return nil
}

func (outbox) WorkerName() string { return "relay" }

func (outbox) Run(ctx context.Context, s *lab.Service) { relay(ctx, s, false) }

// relay publishes pending outbox rows in order, at least once: a row is marked
// sent only after JetStream acked it. With dedup, the row id goes out as the
// message id, so JetStream can absorb a second publish of the same row.
func relay(ctx context.Context, s *lab.Service, dedup bool) {
	for {
		rows, err := s.PendingOutbox(ctx)
		if err != nil || len(rows) == 0 {
			s.Idle(ctx) // until a commit wakes us, or the poll interval passes
			continue
		}
		for _, row := range rows {
			if dedup {
				row.Event.MsgID = row.MsgID()
			}
			s.Point(ctx, "relay.before-publish")
			if err := s.Publish(ctx, "relay.publish", row.Event); err != nil {
				s.RetryLater(ctx, row, err)
				break
			}
			s.Point(ctx, "relay.after-publish") // published, not yet marked sent
			if err := s.MarkSent(ctx, row); err != nil {
				break
			}
			s.Point(ctx, "relay.after-mark")
		}
	}
}
