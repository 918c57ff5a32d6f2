package lab

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
)

// Partitions (--partitions N): the account maps each order's subject to one
// of N partitions by its order id, and each partition has a durable consumer
// of its own with MaxAckPending 1. See fleet.go for the instances.

// partitionMappings map both shapes of a keyed subject, the order id last:
// orders.<event>.<order>, and an aggregate's orders.<order>.<type>.<order>
// (outbox-cdc publishes on its aggregate's subject, and the key is added to
// it as to any other).
func (n names) partitionMappings(parts int) [][2]string {
	return [][2]string{
		{n.prefix + "orders.*.*", fmt.Sprintf("%sorders.{{partition(%d,2)}}.{{wildcard(1)}}.{{wildcard(2)}}", n.prefix, parts)},
		{n.prefix + "orders.*.*.*", fmt.Sprintf("%sorders.{{partition(%d,3)}}.{{wildcard(1)}}.{{wildcard(2)}}.{{wildcard(3)}}", n.prefix, parts)},
	}
}

func (n names) partitionConsumer(p int) string { return fmt.Sprintf("%s-p%d", n.consumer, p) }

func (n names) partitionOf(subject string) (int, bool) {
	tok := strings.Split(strings.TrimPrefix(subject, n.prefix+"orders."), ".")
	p, err := strconv.Atoi(tok[0])
	return p, err == nil && (len(tok) == 3 || len(tok) == 4)
}

func (r *Run) setupPartitions(ctx context.Context) error {
	if err := r.broker.addMappings(r.names.partitionMappings(r.cfg.Partitions)); err != nil {
		return fmt.Errorf("map subjects to partitions: %w", err)
	}
	for p := range r.cfg.Partitions {
		_, err := r.js.CreateOrUpdateConsumer(ctx, r.names.stream, jetstream.ConsumerConfig{
			Durable: r.names.partitionConsumer(p), AckPolicy: jetstream.AckExplicitPolicy, AckWait: realWindow,
			MaxDeliver: r.cfg.consumerMaxDeliver(), DeliverPolicy: jetstream.DeliverAllPolicy,
			FilterSubject: fmt.Sprintf("%sorders.%d.>", r.names.prefix, p),
			MaxAckPending: 1,
		})
		if err != nil {
			return fmt.Errorf("create consumer %s: %w", r.names.partitionConsumer(p), err)
		}
	}
	if err := r.setupDeadLetters(ctx); err != nil {
		return err
	}
	return r.openTap()
}

func (r *Run) partitionsDrained(ctx context.Context, last uint64) bool {
	if r.fleet == nil || r.fleet.known < last {
		return false
	}
	for p := range r.cfg.Partitions {
		info, err := r.js.Consumer(ctx, r.names.stream, r.names.partitionConsumer(p))
		if err != nil {
			return false
		}
		ci := info.CachedInfo()
		if ci.NumPending != 0 || ci.NumAckPending != 0 || len(r.fleet.queue[p]) != 0 {
			return false
		}
	}
	return true
}

func (b *Broker) addMappings(m [][2]string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.srv == nil {
		return errors.New("no embedded broker to map subjects on")
	}
	if err := applyMappings(b.srv, m); err != nil {
		return err
	}
	b.mappings = append(b.mappings, m...)
	return nil
}

func applyMappings(srv *server.Server, ms [][2]string) error {
	if len(ms) == 0 {
		return nil
	}
	acc, err := srv.LookupAccount(appAccount)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := acc.AddMapping(m[0], m[1]); err != nil {
			return fmt.Errorf("map %s to %s: %w", m[0], m[1], err)
		}
	}
	return nil
}
