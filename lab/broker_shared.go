package lab

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nats-io/nats-server/v2/server"
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
	if err := b.keepStreamsDir(); err != nil {
		b.Close()
		return nil, fmt.Errorf("shared broker: %w", err)
	}
	return b, nil
}

// keeperFile sits in the account's streams directory of a shared broker for
// as long as it runs, so that directory is never empty.
//
// Why, read in nats-server v2.15.2: deleting a stream ends (stream.go,
// stream.stop, deleteFlag) with a goroutine that removes the account's
// streams directory and the account's directory, "no op if not empty". A
// stream created at that moment makes its own directory in the streams
// directory with os.MkdirAll (filestore.go, newFileStoreWithCreatedAndMode),
// which checks the parent exists and then makes the child: when the
// goroutine removes the parent in between, the create fails with "could not
// create storage directory - mkdir …: no such file or directory", and the
// client sees only "error creating store for stream". On a shared broker
// whose runs create and delete streams at once, the moment comes whenever
// no file stream is left but the one being created: four workers creating and
// deleting file streams met it once in 2,500 to 18,000 creates; one creating
// file streams beside three deleting memory streams (whose deletes remove the
// directory too, and leave no directory of their own) within a second
// (TestNATSStreamsDirRaceRepro). A directory holding this file is never
// empty, so the goroutine never removes it. The "." keeps the server's
// recovery from reading it as a stream (it removes such names at start, and
// the shared broker never restarts). The lab's runs keep their streams in
// memory on a shared broker (storage.go), which makes no directory at all;
// the keeper covers any file stream made there.
const keeperFile = ".dualwrite-keep"

// keepStreamsDir puts keeperFile in the streams directory of the lab's
// account.
func (b *Broker) keepStreamsDir() error {
	srv, err := b.running()
	if err != nil {
		return err
	}
	c := srv.JetStreamConfig()
	if c == nil {
		return errors.New("JetStream is not running")
	}
	dir := filepath.Join(c.StoreDir, appAccount, "streams")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, keeperFile), nil, 0o644)
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
	srv, err := b.running()
	if err != nil {
		return 0, 0, err
	}
	jsz, err := srv.Jsz(nil)
	if err != nil {
		return 0, 0, err
	}
	return jsz.Streams, jsz.Consumers, nil
}

// running is the broker's server, or ErrBrokerDown while it is stopped.
func (b *Broker) running() (*server.Server, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.srv == nil {
		return nil, ErrBrokerDown
	}
	return b.srv, nil
}
