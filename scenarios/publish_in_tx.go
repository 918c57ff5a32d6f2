package scenarios

import (
	"context"

	"github.com/dualwrite/dualwrite/lab"
)

// publishInTx publishes inside the open transaction and commits only once the
// broker acked: a failed publish rolls the order back. But the broker cannot
// take the event back if the commit then fails.
type publishInTx struct{}

func (publishInTx) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) // undoes the order if anything below fails
	ev, err := tx.Save(ctx, r)
	if err != nil {
		return err
	}
	if err := s.Publish(ctx, "publish", ev); err != nil {
		return err
	}
	s.Point(ctx, "after-publish") // the event is out; the order is not committed yet
	return tx.Commit(ctx, "commit")
}
