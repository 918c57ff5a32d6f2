package lab

import (
	"fmt"
	"os"
)

// NewSharedBroker starts an embedded broker for a campaign (compare, chaos,
// the tests) to share between its runs, one after another or at once. A run
// given it in Config.Broker uses names of its own on it, as on a server named
// with --nats-url, and deletes them when it closes, so the broker holds
// nothing once every run is closed. A run that stops the broker (a
// broker-down fault, or by hand) cannot share one: it needs a broker of its
// own. Close it after the last run.
func NewSharedBroker() (*Broker, error) {
	dir, err := os.MkdirTemp(TempRoot(), "dualwrite-broker-*")
	if err != nil {
		return nil, fmt.Errorf("shared broker: %w", err)
	}
	b := &Broker{dir: dir, shared: true}
	if err := b.Start(); err != nil {
		b.log.close()
		os.RemoveAll(dir)
		return nil, err
	}
	return b, nil
}

// Shared reports whether the broker is a campaign's, which no run may stop.
func (b *Broker) Shared() bool { return b != nil && b.shared }

// Close stops a shared broker and removes its store. The broker of a single
// run is closed by the run.
func (b *Broker) Close() error {
	if !b.Shared() {
		return nil
	}
	b.Stop()
	b.log.close()
	return os.RemoveAll(b.dir)
}

// Holds counts what is on the broker: streams (key-value buckets are streams
// too) and consumers. On a shared broker with no run open, anything counted is
// a run's leftover.
func (b *Broker) Holds() (streams, consumers int, err error) {
	b.mu.Lock()
	srv := b.srv
	b.mu.Unlock()
	if srv == nil {
		return 0, 0, ErrBrokerDown
	}
	jsz, err := srv.Jsz(nil)
	if err != nil {
		return 0, 0, err
	}
	return jsz.Streams, jsz.Consumers, nil
}
