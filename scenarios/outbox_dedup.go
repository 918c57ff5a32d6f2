package scenarios

import (
	"context"

	"github.com/dualwrite/dualwrite/lab"
)

// outboxDedup is the outbox with two layers that absorb duplicates: the relay
// sends the outbox row id as Nats-Msg-Id (JetStream's duplicate window), and
// shipping keeps an inbox of applied message ids in the same transaction as
// the shipment.
type outboxDedup struct{ outbox }

func (outboxDedup) Run(ctx context.Context, s *lab.Service) { relay(ctx, s, true) }

func (outboxDedup) IdempotentConsumer() bool { return true }
