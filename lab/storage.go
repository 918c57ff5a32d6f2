package lab

import (
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
)

// storage is where the run's streams and bucket keep their messages. Files
// are kept where something may need them after a broker stop or after the
// run: a broker-down (a fault, or a key in the UI) stops the broker and
// starts it again on its store, a --db directory stays for resume and
// replay, a --listen broker is there for the nats CLI to look at, and an
// outside broker is not the run's to decide for. Anywhere else (a campaign's
// shared broker, which no run stops, or a headless run's own broker in a
// temporary directory that goes with the run) nothing on disk could outlive
// the run, and memory spares the broker a directory and its metadata files
// per stream, and the 10 ms nats-server sleeps, when it stops, for each file
// consumer's flusher.
func (r *Run) storage() jetstream.StorageType {
	if r.cfg.Broker != nil {
		return jetstream.MemoryStorage
	}
	if r.cfg.Headless && r.tmp && r.cfg.Listen == "" && r.cfg.NATSURL == "" && !r.cfg.stopsBroker() {
		return jetstream.MemoryStorage
	}
	return jetstream.FileStorage
}

// stopsBroker reports whether a fault of the run stops the broker.
func (c Config) stopsBroker() bool {
	for _, f := range c.Faults {
		if f.StopsBroker() {
			return true
		}
	}
	return false
}

// StreamsStored counts the broker's streams (buckets are streams too) kept
// in memory and kept in files.
func (b *Broker) StreamsStored() (memory, file int, err error) {
	srv, err := b.running()
	if err != nil {
		return 0, 0, err
	}
	jsz, err := srv.Jsz(&server.JSzOptions{Accounts: true, Streams: true, Config: true})
	if err != nil {
		return 0, 0, err
	}
	for _, a := range jsz.AccountDetails {
		for _, s := range a.Streams {
			if s.Config != nil && s.Config.Storage == server.MemoryStorage {
				memory++
			} else {
				file++
			}
		}
	}
	return memory, file, nil
}
