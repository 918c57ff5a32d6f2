package lab

import (
	"os"
	"sync"
	"testing"
	"time"
)

// TestShutdownCrashRepro starts and stops the embedded server as fast as it
// goes while a client keeps JetStream API requests coming, the two conditions
// of nats-server v2.15.2's nil dereference in a late API worker (see
// apiQuiesceBound). A crash takes the test binary down. It also shows there is
// no minimum uptime left: the quickest stop of a fresh server takes less than
// the old 50 ms floor (the quickest, so that a busy machine cannot fail it).
func TestShutdownCrashRepro(t *testing.T) {
	cycles := 60
	if os.Getenv("DUALWRITE_LONG") == "1" {
		cycles = 3000
	}
	b, err := newBroker(t.TempDir(), "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Stop()
	nc, err := b.connect("flood")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			// Errors are expected while the server is down; only a crash counts.
			_ = nc.PublishRequest("$JS.API.INFO", "_INBOX.flood", nil)
		}
	}()

	quickest := time.Hour
	for i := 0; i < cycles; i++ {
		begin := time.Now()
		b.Stop()
		quickest = min(quickest, time.Since(begin))
		if err := b.Start(); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if quickest >= 50*time.Millisecond {
		t.Errorf("the quickest stop of a fresh server took %v; the 50 ms floor is back", quickest)
	}
}
