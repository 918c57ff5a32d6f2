package scenarios

import (
	"context"
	"time"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
)

// cdcPolling is query-based change data capture: a poller asks the orders
// table, now and then, for rows changed since it last looked, and publishes
// their current state. It sees rows, not changes.
type cdcPolling struct{}

func (cdcPolling) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Save(ctx, r); err != nil {
		return err
	}
	if err := tx.Commit(ctx, "commit"); err != nil {
		return err
	}
	s.Point(ctx, "after-commit")
	return nil
}

func (cdcPolling) Capture() string    { return "poll" }
func (cdcPolling) WorkerName() string { return "poller" }

// Run is the poller: every interval it reads the rows updated since the last
// one it published. A row deleted in between is never seen; a row changed
// twice in between is seen once, as it is now.
func (cdcPolling) Run(ctx context.Context, s *lab.Service) {
	since, err := s.LoadOffset(ctx, "poll")
	for err != nil {
		s.Sleep(ctx, 50*time.Millisecond, "retry")
		since, err = s.LoadOffset(ctx, "poll")
	}
	for {
		s.Idle(ctx) // only the poll interval wakes a poller
		rows, err := s.PollOrders(ctx, since)
		if err != nil {
			continue
		}
		for _, row := range rows {
			if err := s.Publish(ctx, "poller.publish", row.Event); err != nil {
				break
			}
			if err := s.SaveOffset(ctx, "poll", row.UpdatedAt); err != nil {
				break
			}
			since = row.UpdatedAt
		}
	}
}

// Unseen is why a poller misses changes with no fault at all.
func (cdcPolling) Unseen() check.Blindness {
	return check.Blindness{
		Deleted:   "the row was deleted before the poller looked, and a poller never sees a row that is gone",
		Coalesced: "the next change came before the poller looked, and a poller sees only the row as it is when it looks",
	}
}
