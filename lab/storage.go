package lab

import (
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
)

// storage is where the run's streams and bucket keep their messages. A run on
// a shared broker never stops that broker (a broker-down run gets its own),
// and deletes its streams when it closes, so nothing on disk could outlive
// it: its streams are kept in memory, which spares the broker a directory
// and its metadata files per stream. A run with a broker of its own, or on
// an outside one, keeps them in files, which survive a broker stop and stay
// in --db DIR for resume and replay.
func (r *Run) storage() jetstream.StorageType {
	if r.cfg.Broker != nil {
		return jetstream.MemoryStorage
	}
	return jetstream.FileStorage
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
