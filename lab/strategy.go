package lab

import "context"

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
