package lab

import (
	"context"

	"github.com/dualwrite/dualwrite/check"
)

// Strategy is one way of writing to the database and the broker. Handle runs
// in the service instance for each request of the workload: an error is what
// the caller sees as a failure.
type Strategy interface {
	Handle(ctx context.Context, s *Service, r Request) error
}

// Worker is a strategy's background worker (relay, connector, poller). It runs
// inside the service instance, dies with it and starts again with the new one.
// Run loops until its instance dies; it parks with s.Idle when there is nothing
// to do.
type Worker interface {
	Strategy
	WorkerName() string
	Run(ctx context.Context, s *Service)
}

// Idempotent is a strategy whose consumer keeps an inbox of applied message
// ids and absorbs duplicates.
type Idempotent interface {
	Strategy
	IdempotentConsumer() bool
}

// Blind is a strategy that cannot see some changes by its nature, and says
// why: it explains an anomaly for which no fault was recorded.
type Blind interface {
	Strategy
	Unseen() check.Blindness
}

// Schemer is a strategy that needs more in orders.db than the orders, the
// outbox and the history (the change log and its triggers).
type Schemer interface {
	Strategy
	Schema() string
}
