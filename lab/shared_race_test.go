package lab

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// churn has workers create and delete streams of their own on b, as a
// campaign's runs do, for d; it returns the failures of the creates.
func churn(t *testing.T, b *Broker, workers int, d time.Duration) (creates int64, fails []error) {
	t.Helper()
	nc, err := b.connect("churn")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu sync.Mutex
		n  atomic.Int64
		wg sync.WaitGroup
	)
	stop := time.Now().Add(d)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				name := uniqueNames().stream
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				_, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: name, Subjects: []string{name + ".>"}, Storage: jetstream.FileStorage})
				n.Add(1)
				if err != nil {
					mu.Lock()
					fails = append(fails, fmt.Errorf("create %s: %w", name, err))
					mu.Unlock()
				} else {
					js.DeleteStream(ctx, name)
				}
				cancel()
			}
		}()
	}
	wg.Wait()
	return n.Load(), fails
}

func TestSharedBrokerChurn(t *testing.T) {
	b, err := NewSharedBroker()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n, fails := churn(t, b, 2, 5*time.Second)
	t.Logf("%d creates, %d failed; %s", n, len(fails), b.LastWarning())
	for i, err := range fails {
		if i < 5 {
			t.Error(err)
		}
	}
}
