package main

import (
	"flag"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// callerFlags are the caller's retries and the broker's replicas, shared by
// run, tui and lesson through runFlags.
type callerFlags struct {
	retry          int
	idempotencyKey bool
	replicas       int
}

func (f *callerFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&f.retry, "retry", 0, "retry a call that failed or got no answer up to `N` times (0 to 10), waiting on the lab's clock")
	fs.BoolVar(&f.idempotencyKey, "idempotency-key", false, "send an idempotency key with each order; the service stores it in the order's transaction and answers a retry from it")
	fs.IntVar(&f.replicas, "replicas", 1, "with --nats-url on a JetStream cluster, keep the run's stream and buckets on `N` servers (1 to 5)")
}

// apply bounds the flags and sets them on cfg, refusing bad input with one
// line.
func (f *callerFlags) apply(sp *scenarios.Spec) error {
	if f.retry < 0 || f.retry > lab.MaxRetry {
		return usagef("bad --retry %d: it must be from 0 to %d", f.retry, lab.MaxRetry)
	}
	if f.replicas < 1 || f.replicas > lab.MaxReplicas {
		return usagef("bad --replicas %d: it must be from 1 to %d, as JetStream allows", f.replicas, lab.MaxReplicas)
	}
	if f.replicas > 1 && sp.NATSURL == "" {
		return usagef("--replicas %d needs --nats-url on a JetStream cluster of at least %d servers: the embedded broker is a single server", f.replicas, f.replicas)
	}
	sp.Retry, sp.IdempotencyKey, sp.Replicas = f.retry, f.idempotencyKey, f.replicas
	return nil
}

// callerRows are the caller's switches and the replicas in `dualwrite list`.
var callerRows = []string{
	"Switch --retry N (run, tui, lesson): the caller sends a call again, up to N times (0 to 10), after a failure or no answer; without a key a retried placement is a double-order",
	"Switch --idempotency-key (run, tui, lesson): the caller sends a key with each placement; the service stores it in the order's transaction and answers a retry from it",
	"Switch --replicas N (run, tui, lesson; with --nats-url on a JetStream cluster): the run's stream and buckets on N servers (1 to 5)",
}
