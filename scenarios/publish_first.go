package scenarios

import (
	"context"

	"github.com/dualwrite/dualwrite/lab"
)

// publishFirst publishes the event, then commits the order: the event can
// announce an order that never comes to exist.
type publishFirst struct{}

func (publishFirst) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {
	ev, err := s.Describe(ctx, r)
	if err != nil {
		return err
	}
	if err := s.Publish(ctx, "publish", ev); err != nil {
		return err
	}
	s.Point(ctx, "after-publish") // downstream may already act on an order not yet written
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Save(ctx, r); err != nil {
		return err
	}
	return tx.Commit(ctx, "commit")
}
