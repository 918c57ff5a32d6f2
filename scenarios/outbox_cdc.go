package scenarios

import (
	"context"
	"strconv"
	"time"

	"github.com/dualwrite/dualwrite/lab"
)

// outboxCDC is the outbox relayed by log tailing, the design of Debezium's
// outbox event router: the service writes a domain event to an outbox table
// and deletes it again in the same transaction; a connector tails the log
// for outbox inserts and publishes each on its aggregate's subject.
type outboxCDC struct{}

func (outboxCDC) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	ev, err := tx.Save(ctx, r)
	if err != nil {
		return err
	}
	id, err := tx.AddDomainEvent(ctx, ev) // the log records the insert
	if err != nil {
		return err
	}
	if err := tx.DeleteDomainEvent(ctx, id); err != nil { // the table stays empty
		return err
	}
	if err := tx.Commit(ctx, "commit"); err != nil {
		return err
	}
	s.Point(ctx, "after-commit") // the event is in the log; no relay polls the table
	return nil
}

// Run is the connector: it resumes after its saved offset and publishes each
// outbox insert as a domain event (orders.<order id>.placed, message id the
// outbox row id), then saves the new offset.
func (outboxCDC) Run(ctx context.Context, s *lab.Service) {
	saved, err := s.LoadOffset(ctx, "outbox-log")
	for err != nil {
		s.Sleep(ctx, 50*time.Millisecond, "retry")
		saved, err = s.LoadOffset(ctx, "outbox-log")
	}
	offset := lab.Offset(saved)
	for {
		logged, err := s.ReadOutboxLog(ctx, offset)
		if err != nil || len(logged) == 0 {
			s.Idle(ctx) // until a commit wakes us, or the poll interval passes
			continue
		}
		for _, le := range logged {
			s.Point(ctx, "connector.before-publish")
			if err := s.Publish(ctx, "connector.publish", le.Event); err != nil {
				s.Sleep(ctx, 50*time.Millisecond, "retry")
				break
			}
			s.Point(ctx, "connector.after-publish") // published, offset not yet saved
			if err := s.SaveOffset(ctx, "outbox-log", strconv.FormatInt(le.Seq, 10)); err != nil {
				break
			}
			s.Point(ctx, "connector.after-save")
			offset = le.Seq
		}
	}
}

func (outboxCDC) Schema() string           { return lab.OutboxLogSchema }
func (outboxCDC) Capture() string          { return "outbox-log" }
func (outboxCDC) WorkerName() string       { return "connector" }
func (outboxCDC) IdempotentConsumer() bool { return true }
