package tui

import (
	"slices"
	"time"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
)

// RunSetup is how the presenter's run is built: every field of its lab
// config that shapes what happens (seed, workload, faults armed from the
// start, the consumer's guarantee, the caller's and the fleet's switches,
// the lab's timings). A follower builds its own run from it, in its own
// directory and on its own broker, so a switch changed in the picker or a
// matrix cell's seed reaches the room as the presenter has it. What is the
// session's own (where its files go, its broker, its strategy instance) is
// not in it: see localConfig in the test that keeps the two lists whole.
type RunSetup struct {
	Faults []faults.Fault
	RunKnobs
}

// RunKnobs are the setup's fields besides its faults, comparable with ==.
type RunKnobs struct {
	Seed      int64
	Orders    int
	Lifecycle bool
	Interval  time.Duration

	Consumer       lab.Guarantee
	Replicas       int
	Retry          int
	IdempotencyKey bool
	MaxDeliver     int
	Consumers      int
	Partitions     int

	AckTimeout, AckWait, RelayPoll, RelayBackoff, OutboxRetention, ConsumerPoll time.Duration
	RestartDelay, RetryBackoff, FaultGrace, SettleTimeout, PoisonBackoff        time.Duration
}

// setupOf is the setup of a run's config.
func setupOf(c lab.Config) RunSetup {
	return RunSetup{Faults: slices.Clone(c.Faults), RunKnobs: RunKnobs{
		Seed: c.Seed, Orders: c.Orders, Lifecycle: c.Lifecycle, Interval: c.Interval,
		Consumer: c.Consumer, Replicas: c.Replicas, Retry: c.Retry, IdempotencyKey: c.IdempotencyKey,
		MaxDeliver: c.MaxDeliver, Consumers: c.Consumers, Partitions: c.Partitions,
		AckTimeout: c.AckTimeout, AckWait: c.AckWait, RelayPoll: c.RelayPoll, RelayBackoff: c.RelayBackoff,
		OutboxRetention: c.OutboxRetention, ConsumerPoll: c.ConsumerPoll, RestartDelay: c.RestartDelay,
		RetryBackoff: c.RetryBackoff, FaultGrace: c.FaultGrace, SettleTimeout: c.SettleTimeout, PoisonBackoff: c.PoisonBackoff,
	}}
}

// apply sets the setup in a config that has the session's own fields.
func (s RunSetup) apply(c *lab.Config) {
	c.Seed, c.Orders, c.Lifecycle, c.Interval, c.Faults = s.Seed, s.Orders, s.Lifecycle, s.Interval, slices.Clone(s.Faults)
	c.Consumer, c.Replicas, c.Retry, c.IdempotencyKey = s.Consumer, s.Replicas, s.Retry, s.IdempotencyKey
	c.MaxDeliver, c.Consumers, c.Partitions = s.MaxDeliver, s.Consumers, s.Partitions
	c.AckTimeout, c.AckWait, c.RelayPoll, c.RelayBackoff = s.AckTimeout, s.AckWait, s.RelayPoll, s.RelayBackoff
	c.OutboxRetention, c.ConsumerPoll, c.RestartDelay = s.OutboxRetention, s.ConsumerPoll, s.RestartDelay
	c.RetryBackoff, c.FaultGrace, c.SettleTimeout, c.PoisonBackoff = s.RetryBackoff, s.FaultGrace, s.SettleTimeout, s.PoisonBackoff
}

// Equal reports whether two setups build the same world.
func (s RunSetup) Equal(o RunSetup) bool {
	return s.RunKnobs == o.RunKnobs && sameFaults(s.Faults, o.Faults)
}
