package lab

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/trace"
)

// OrderSubject is the subject of one order's own events, orders.<order id>:
// the order's log, whose last sequence a writer can expect.
func OrderSubject(order string) string { return "orders." + order }

// LastOfOrder reads the stream sequence of the last message on the order's
// subject, as this writer sees it now; 0 when there is none. A publish that
// expects it (Event.ExpectLast) is stored only if nobody published on the
// subject since.
func (s *Service) LastOfOrder(ctx context.Context, order string) (uint64, error) {
	a := s.step(ctx, "read seq", order)
	subject := OrderSubject(order)
	stream, err := s.js.Stream(ctx, s.run.names.stream)
	if err != nil {
		return 0, fmt.Errorf("open stream %s: %w", s.run.names.stream, err)
	}
	var seq uint64
	msg, err := stream.GetLastMsgForSubject(ctx, s.run.names.prefix+subject)
	switch {
	case errors.Is(err, jetstream.ErrMsgNotFound):
	case err != nil:
		return 0, fmt.Errorf("read the last message on %s: %w", subject, err)
	default:
		seq = msg.Sequence
	}
	s.run.trace.Add(trace.Event{Actor: a.name, Target: trace.NATS, Step: "read seq", Order: a.order, Seq: seq,
		Detail: fmt.Sprintf("the last message on %s is seq %d: this writer will expect it", subject, seq)})
	return seq, nil
}
