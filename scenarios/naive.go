package scenarios

import (
	"context"

	"github.com/dualwrite/dualwrite/lab"
)

// naive commits the order, then publishes the event: two writes with nothing
// to tie them together.
type naive struct{}

func (naive) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	ev, err := tx.Save(ctx, r)
	if err != nil {
		return err
	}
	if err := tx.Commit(ctx, "commit"); err != nil {
		return err
	}
	s.Point(ctx, "after-commit") // the order is durable; the event exists only in this process
	return s.Publish(ctx, "publish", ev)
}
