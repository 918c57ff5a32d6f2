package lab

import (
	"errors"
	"fmt"
	"time"

	"github.com/dualwrite/dualwrite/faults"
)

// Config is what a run is made of.
type Config struct {
	Name      string         // the strategy's id, for the report
	Strategy  Strategy       // required
	Points    []faults.Point // the strategy's fault points, consumer points included
	Faults    []faults.Fault
	Seed      int64
	Orders    int           // orders placed; default 3
	Lifecycle bool          // also pay and cancel some orders
	Interval  time.Duration // between two requests of the workload; 0 sends them back to back
	// Consumer is shipping's guarantee; "" is the strategy's preset (see Preset).
	Consumer Guarantee

	Dir    string // keep the SQLite files and the NATS store here; "" uses a temporary directory removed by Close
	Resume bool   // finish the run kept in Dir, killed before it ended; see Resume
	Fresh  bool   // remove an earlier run's files from Dir (only those its marker lists) instead of refusing them
	Listen string // also serve NATS on this address, for the nats CLI; "" opens no port
	Token  string // the password clients need on a Listen address other than loopback; "" generates one
	// NATSURL uses an existing NATS server with JetStream instead of the
	// embedded one; the run's names get a prefix of its own there.
	NATSURL string
	// Replicas is how many servers of a JetStream cluster hold the run's
	// stream and buckets (R1, R3, ...); more than 1 needs NATSURL. 0 is 1.
	Replicas int

	// Retry is how often the caller sends a request again after no answer or
	// a failure, at most MaxRetry; 0 never (see caller.go).
	Retry int
	// IdempotencyKey makes the caller send a key with each placement, which
	// the service stores in the order's transaction and answers retries from.
	IdempotencyKey bool
	// Broker is a campaign's embedded broker (NewSharedBroker) for the run
	// to use instead of starting one of its own; the run's names get a
	// prefix of its own there, and it deletes them when it closes. nil
	// starts a broker of the run's own.
	Broker *Broker
	// Headless says nobody drives the run by hand (dualwrite run sets it):
	// no key can take its broker down or arm a fault after it started, so
	// only its own faults decide whether its broker stops.
	Headless bool
	// TempDir is where a run without Dir makes its temporary directory; ""
	// is the system's. dualwrite serve gives each session its own.
	TempDir string

	// MaxDeliver bounds how often JetStream delivers one message to
	// shipping; after that it gives it up, and the lab parks it in the
	// dead-letter stream. 0: no bound (a poison event blocks the stream).
	MaxDeliver int

	// Consumers is how many shipping instances apply events (--consumers);
	// 0 or 1, one. Partitions maps subjects to that many partitions, one
	// in-order instance each (--partitions); 0, none. See fleet.go.
	Consumers, Partitions int

	// Every duration below is on the lab's clock, which moves only when the
	// lab moves it (see sched.go); none is waited for in real time.
	AckTimeout      time.Duration // how long a publisher waits for an ack that was lost; default 250ms
	AckWait         time.Duration // how long a dead consumer's unacked message waits before JetStream redelivers it; default 300ms
	RelayPoll       time.Duration // how often an idle worker looks for work it was not woken for; default 100ms
	RelayBackoff    time.Duration // the first wait after a failed relay publish, doubled each time; default 20ms
	OutboxRetention time.Duration // how long sent outbox rows are kept; default 1m
	ConsumerPoll    time.Duration // how often an idle consumer looks for redeliveries; default 50ms
	RestartDelay    time.Duration // how long a restarted worker takes to come up; default 10ms
	RetryBackoff    time.Duration // the caller's first wait before a retry, doubled each time; default 50ms
	FaultGrace      time.Duration // how long recovery keeps faults armed before it lifts them all; default 10m
	SettleTimeout   time.Duration // the bound on recovery once every fault is lifted; default 2m
	PoisonBackoff   time.Duration // the first wait before a refused poison event is handed back, doubled each time up to 1m; default 20ms

	// Wall is the real clock, for the one thing it may decide: that a lab
	// which spent WallLimit of real work in recovery without settling failed
	// (exit 1). Time spent between steps (a presenter's pause) never counts.
	Wall      func() time.Time // default time.Now
	WallLimit time.Duration    // default 60s
}

func (c *Config) setDefaults() {
	if c.Orders == 0 {
		c.Orders = 3
	}
	if c.AckTimeout == 0 {
		c.AckTimeout = 250 * time.Millisecond
	}
	if c.AckWait == 0 {
		c.AckWait = 300 * time.Millisecond
	}
	if c.RelayPoll == 0 {
		c.RelayPoll = 100 * time.Millisecond
	}
	if c.RelayBackoff == 0 {
		c.RelayBackoff = 20 * time.Millisecond
	}
	if c.OutboxRetention == 0 {
		c.OutboxRetention = time.Minute
	}
	if c.ConsumerPoll == 0 {
		c.ConsumerPoll = 50 * time.Millisecond
	}
	if c.RestartDelay == 0 {
		c.RestartDelay = 10 * time.Millisecond
	}
	if c.RetryBackoff == 0 {
		c.RetryBackoff = retryBackoff
	}
	if c.FaultGrace == 0 {
		c.FaultGrace = 10 * time.Minute
	}
	if c.SettleTimeout == 0 {
		c.SettleTimeout = 2 * time.Minute
	}
	if c.PoisonBackoff == 0 {
		c.PoisonBackoff = 20 * time.Millisecond
	}
	if c.Wall == nil {
		c.Wall = time.Now
	}
	if c.WallLimit == 0 {
		c.WallLimit = time.Minute
	}
}

// Validate checks the config after defaults are set.
func (c *Config) Validate() error {
	if c.Strategy == nil {
		return errors.New("no strategy")
	}
	if c.Orders < 1 {
		return errors.New("--orders must be at least 1")
	}
	if c.Consumer != "" {
		if _, err := ParseGuarantee(string(c.Consumer)); err != nil {
			return err
		}
	}
	if err := c.validateCaller(); err != nil {
		return err
	}
	if c.MaxDeliver < 0 || c.MaxDeliver > MaxDeliverLimit {
		return inputErrorf("bad --max-deliver %d: it must be from 1 to %d (or 0: no bound)", c.MaxDeliver, MaxDeliverLimit)
	}
	if err := c.validateFleet(); err != nil {
		return err
	}
	for _, f := range c.Faults {
		if err := faults.Validate(f, c.Points); err != nil {
			return err
		}
		if f.StopsBroker() && c.NATSURL != "" {
			return inputErrorf("%s: broker-down stops the embedded broker, and with --nats-url there is none; drop one of the two", f)
		}
		if f.StopsBroker() && c.Broker != nil {
			return fmt.Errorf("%s: broker-down stops the broker, and a shared broker is not the run's to stop", f)
		}
	}
	if c.Broker != nil && (c.NATSURL != "" || c.Listen != "" || c.Dir != "" || c.Resume) {
		return errors.New("a shared broker is for runs in a temporary directory with no --nats-url and no --listen")
	}
	return nil
}

// InputError is a problem with what the user asked for (an unwritable
// directory, a port in use), not a failure of the lab.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErrorf(format string, a ...any) error { return &InputError{fmt.Sprintf(format, a...)} }
