package lab

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// churn has workers create and delete streams of their own on b, as a
// campaign's runs do, for d or until a create fails; it returns how many
// creates it made, the slowest, and the first failure. The first files
// workers keep their streams in files, the others in memory: a memory
// stream's delete sets off the same removal of the streams directory, and
// leaves no directory of its own to keep it from succeeding.
func churn(t *testing.T, b *Broker, files, workers int, d time.Duration) (int64, time.Duration, error) {
	t.Helper()
	js := testJetStream(t, b, "churn")
	var (
		n     atomic.Int64
		slow  atomic.Int64 // the slowest create, in nanoseconds
		first error
		once  sync.Once
		wg    sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for w := 0; w < workers; w++ {
		storage := jetstream.MemoryStorage
		if w < files {
			storage = jetstream.FileStorage
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				name := uniqueNames().stream
				start := time.Now()
				cctx, ccancel := apiCall(ctx)
				_, err := js.CreateStream(cctx, jetstream.StreamConfig{Name: name, Subjects: []string{name + ".>"}, Storage: storage})
				ccancel()
				n.Add(1)
				for took, was := int64(time.Since(start)), slow.Load(); took > was && !slow.CompareAndSwap(was, took); was = slow.Load() {
				}
				if err != nil {
					once.Do(func() { first = fmt.Errorf("create %s: %w", name, err); cancel() })
					return
				}
				dctx, dcancel := apiCall(ctx)
				err = js.DeleteStream(dctx, name)
				dcancel()
				if err != nil {
					once.Do(func() { first = fmt.Errorf("delete %s: %w", name, err); cancel() })
					return
				}
			}
		}()
	}
	wg.Wait()
	return n.Load(), time.Duration(slow.Load()), first
}

// apiCall bounds one API call of the churn by the lab's safety net, not by
// jetstream's 5s default: a busy machine makes a create slow, and only the
// race the churn looks for may fail it. The churn's end does not cut it short.
func apiCall(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), ackSafety)
}

// TestSharedBrokerChurn: runs that create and delete their streams on a
// shared broker at once never see "error creating store for stream" (see
// keeperFile). Without the keeper this churn met it within a second, 12 to
// 541 creates, every time (TestNATSStreamsDirRaceRepro); DUALWRITE_LONG=1
// churns for 30s.
func TestSharedBrokerChurn(t *testing.T) {
	d := 3 * time.Second
	if os.Getenv("DUALWRITE_LONG") == "1" {
		d = 30 * time.Second
	}
	b, err := NewSharedBroker()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n, slowest, err := churn(t, b, 1, 4, d)
	if err != nil {
		t.Fatalf("after %d creates: %v; %s", n, err, b.LastWarning())
	}
	t.Logf("%d creates and deletes in %s, the slowest create %s", n, d, slowest.Round(time.Millisecond))
}

// TestSharedBrokerKeepsItsStreamsDir: a stream's delete leaves the account's
// streams directory in place, holding the keeper, once the server has
// finished removing the stream's files.
func TestSharedBrokerKeepsItsStreamsDir(t *testing.T) {
	b := testBroker(t)
	dir := filepath.Join(b.srv.JetStreamConfig().StoreDir, appAccount, "streams")
	js := testJetStream(t, b, "keeper")
	ctx := context.Background()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "S", Storage: jetstream.FileStorage}); err != nil {
		t.Fatal(err)
	}
	if err := js.DeleteStream(ctx, "S"); err != nil {
		t.Fatal(err)
	}
	// The server renames the stream's directory to .S and removes it in
	// the background.
	deadline := time.Now().Add(ackSafety)
	for {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatalf("the streams directory: %v", err)
		}
		if len(entries) == 0 {
			t.Fatal("the streams directory is empty: the server removes it after a delete, under a create in progress")
		}
		if len(entries) == 1 {
			if entries[0].Name() != keeperFile {
				t.Fatalf("the streams directory holds %s, want %s", entries[0].Name(), keeperFile)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the deleted stream's files are still there after %s: %v", ackSafety, entries)
		}
		time.Sleep(time.Millisecond)
	}
	if streams, consumers, err := b.Holds(); err != nil || streams+consumers != 0 {
		t.Errorf("the keeper shows as %d streams and %d consumers (%v)", streams, consumers, err)
	}
}

// TestNATSStreamsDirRaceRepro is the reproduction of nats-server v2.15.2's
// race that keeperFile works around: the same churn on a shared broker
// without the keeper ends in "error creating store for stream", the server
// naming a missing streams directory. On this kind of machine it came within
// a second every time, busy or not, with the race detector or not. It skips,
// saying so, when the race did not come within its bound, so that a slow
// machine cannot fail it; if it never comes any more, nats-server may have
// fixed it and the keeper can go.
func TestNATSStreamsDirRaceRepro(t *testing.T) {
	// NewSharedBroker without keepStreamsDir.
	b := &Broker{dir: t.TempDir(), shared: true}
	if err := b.Start(); err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const bound = 10 * time.Second
	n, _, err := churn(t, b, 1, 4, bound)
	if err == nil {
		t.Skipf("the race did not come in %d creates within %s", n, bound)
	}
	w := b.LastWarning()
	if !strings.Contains(err.Error(), "error creating store for stream") || !strings.Contains(w, "no such file or directory") {
		t.Fatalf("after %d creates another failure: %v; %s", n, err, w)
	}
	t.Logf("after %d creates: %v; %s", n, err, w)
}
