package scenarios

import (
	"context"

	"github.com/dualwrite/dualwrite/lab"
)

// race is two instances of the naive service, each committing and then
// publishing its own update of the same order, at the same time. No fault is
// needed: each instance does the right thing, in the wrong order.
type race struct{}

// Handle is the naive write path, the same in both instances.
func (race) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {
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
	return s.Publish(ctx, "publish", ev)
}

// Contenders: once o-1 is placed, instance A sets it to express shipping and
// instance B to standard shipping.
func (race) Contenders() []lab.Contender {
	return []lab.Contender{
		{Lane: "service-a", Requests: []lab.Request{{Op: lab.Update, Order: "o-1", State: "express"}}},
		{Lane: "service-b", Requests: []lab.Request{{Op: lab.Update, Order: "o-1", State: "standard"}}},
	}
}

// Script is the interleaving: A commits, B commits, B publishes, A publishes.
// Each transaction runs whole before the other begins, as SQLite's single
// writer would have it anyway; only the publishes overtake each other.
func (race) Script() []string {
	return []string{
		"service-a:begin", "service-a:write", "service-a:commit",
		"service-b:begin", "service-b:write", "service-b:commit",
		"service-b:publish",
		"service-a:publish",
	}
}
