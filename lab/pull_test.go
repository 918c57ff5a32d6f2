package lab

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// A connection that pulled a message is garbage once closed, at once: not 10s
// later, when a heartbeat timer nats.go never stopped would let it go. Every
// run's shipping pulls, so a campaign kept its finished runs in memory.
func TestPulledConnectionIsFreed(t *testing.T) {
	b, err := newBroker(t.TempDir(), "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Stop()
	var freed atomic.Bool
	func() {
		nc, err := b.connect("pull")
		if err != nil {
			t.Fatal(err)
		}
		runtime.AddCleanup(nc, func(*atomic.Bool) { freed.Store(true) }, &freed)
		ctx := context.Background()
		js, _ := jetstream.New(nc)
		if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "PULL", Subjects: []string{"pull.>"}}); err != nil {
			t.Fatal(err)
		}
		cons, err := js.CreateOrUpdateConsumer(ctx, "PULL", jetstream.ConsumerConfig{Durable: "c", AckPolicy: jetstream.AckExplicitPolicy})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := js.Publish(ctx, "pull.one", []byte("1")); err != nil {
			t.Fatal(err)
		}
		msg, err := pullOne(cons, false)
		if err != nil || msg == nil {
			t.Fatalf("pulled %v, %v: want the message", msg, err)
		}
		if err := msg.DoubleAck(ctx); err != nil {
			t.Fatal(err)
		}
		nc.Close()
	}()
	deadline := time.Now().Add(5 * time.Second)
	for !freed.Load() && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
	}
	if !freed.Load() {
		t.Error("the closed connection is still in memory 5s after its pull")
	}
}
