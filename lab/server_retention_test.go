package lab

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// TestStoppedServerIsFreed: a server that answered JetStream API requests is
// garbage once stopped, within the API reply bound, not after nats-server's
// default 2-minute response threshold, which kept every run's server of a
// campaign in memory.
func TestStoppedServerIsFreed(t *testing.T) {
	defer func(d time.Duration) { apiReplyBound = d }(apiReplyBound)
	apiReplyBound = 100 * time.Millisecond
	var freed atomic.Bool
	func() {
		b, err := newBroker(t.TempDir(), "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		runtime.AddCleanup(b.srv, func(*atomic.Bool) { freed.Store(true) }, &freed)
		nc, err := b.connect("api")
		if err != nil {
			t.Fatal(err)
		}
		js, err := jetstream.New(nc)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := js.AccountInfo(context.Background()); err != nil {
			t.Fatal(err)
		}
		nc.Close()
		b.Stop()
	}()
	// Freed within the reply bound, polled up to the lab's safety net: a
	// busy machine (the whole suite at once) once took more than 5s to let
	// the server's goroutines end, and the bug this guards holds it 2 minutes.
	deadline := time.Now().Add(ackSafety)
	for !freed.Load() && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
	}
	if !freed.Load() {
		t.Errorf("the stopped server is still in memory %s later", ackSafety)
	}
}
