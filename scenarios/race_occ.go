package scenarios

import (
	"context"

	"github.com/dualwrite/dualwrite/lab"
)

// raceOCC is the race with NATS's optimistic concurrency: each order's events
// go on its own subject, and a writer publishes expecting the last sequence
// it read there (Nats-Expected-Last-Subject-Sequence). The writer that
// publishes second expects a sequence that is no longer the last, and the
// broker rejects it.
type raceOCC struct{ race }

func (raceOCC) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {
	last, err := s.LastOfOrder(ctx, r.Order) // what this writer believes is the order's latest event
	if err != nil {
		return err
	}
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
	ev.To, ev.ExpectLast = lab.OrderSubject(r.Order), &last
	return s.Publish(ctx, "publish", ev) // rejected if another writer published since the read
}

// Script: both writers read the order's last sequence, then the same
// interleaving as the race: A commits, B commits, B publishes, A publishes.
func (raceOCC) Script() []string {
	return append([]string{"service-a:read seq", "service-b:read seq"}, race{}.Script()...)
}
