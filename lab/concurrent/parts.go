package concurrent

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Parts is what the parts alone allow, measured the same way as a run: the
// same callers committing the same order transaction to SQLite with nothing
// else, the same callers publishing to JetStream and waiting for each ack,
// and the same batched asynchronous JetStream publishes with nothing else. A strategy cannot beat the slower of its parts.
type Parts struct {
	SQLitePerSec    float64 `json:"sqlite_per_sec"`    // order transactions committed per second
	JetStreamPerSec float64 `json:"jetstream_per_sec"` // events published and acked per second
	// JetStreamSyncPerSec is the same callers each publishing one event and
	// waiting for its ack, as naive and publish-first do after or before
	// their commit: what bounds a write path that waits on the broker.
	JetStreamSyncPerSec float64 `json:"jetstream_sync_per_sec"`
	// CommitPublishPerSec is naive's write path with nothing downstream:
	// the same callers each committing the order transaction, then
	// publishing and waiting for the ack. Naive end to end cannot beat it.
	CommitPublishPerSec float64 `json:"commit_publish_per_sec"`
}

// MeasureParts measures Parts with orders events, callers callers and
// batches of batch, on a world of its own.
func MeasureParts(ctx context.Context, orders, callers, batch int) (Parts, error) {
	_, restoreGC := relaxGC()
	defer restoreGC()
	w, err := openWorld(ctx, false)
	if err != nil {
		return Parts{}, err
	}
	defer w.close()
	r := &runner{strategy: "sqlite-alone", w: w, batch: batch, work: make(chan struct{}, 1),
		committedAt: make([]atomic.Int64, 2*orders+1)}
	if r.stmts, err = prepare(ctx, w); err != nil {
		return Parts{}, err
	}
	var p Parts
	if p.SQLitePerSec, err = perSecond(callers, 1, orders, func(n int) error { return r.commit(ctx, n, nil) }); err != nil {
		return Parts{}, err
	}
	if p.JetStreamSyncPerSec, err = perSecond(callers, 1, orders, func(n int) error { return r.publish(ctx, orderID(n)) }); err != nil {
		return Parts{}, err
	}
	// Fresh order numbers: the SQLite pass above committed 1..orders.
	p.CommitPublishPerSec, err = perSecond(callers, orders+1, 2*orders, func(n int) error {
		if err := r.commit(ctx, n, nil); err != nil {
			return err
		}
		return r.publish(ctx, orderID(n))
	})
	if err != nil {
		return Parts{}, err
	}

	events := make([]pending, 0, batch)
	start := time.Now()
	for sent := 0; sent < orders; sent += len(events) {
		events = events[:0]
		for i := 0; i < batch && sent+i < orders; i++ {
			events = append(events, pending{key: int64(sent + i), payload: []byte(orderID(sent + i + 1))})
		}
		if err := r.publishBatch(ctx, events); err != nil {
			return Parts{}, err
		}
	}
	p.JetStreamPerSec = float64(orders) / time.Since(start).Seconds()
	return p, nil
}

// perSecond has callers goroutines take the numbers first..last in turn and
// do op on each, as a run's callers do; it returns how many per second.
func perSecond(callers, first, last int, op func(n int) error) (float64, error) {
	var next atomic.Int64
	next.Store(int64(first - 1))
	var wg sync.WaitGroup
	var failed atomic.Pointer[error]
	start := time.Now()
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := int(next.Add(1)); n <= last; n = int(next.Add(1)) {
				if err := op(n); err != nil {
					failed.Store(&err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if e := failed.Load(); e != nil {
		return 0, *e
	}
	return float64(last-first+1) / time.Since(start).Seconds(), nil
}
