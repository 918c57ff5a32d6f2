package lab

import (
	"context"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"weak"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// What a pull holds (its consumer and JetStream context, and through them the
// connection) is garbage once the connection is closed and its goroutines have
// ended: not 10s later, when a heartbeat timer nats.go never stopped would let
// it go. Every run's shipping pulls, so a campaign kept its finished runs in
// memory.
//
// It looks at the consumer and the context, not at the connection itself:
// Close stops nats.go's ping timer, and a stopped timer stays in the Go
// runtime's timer heap, holding the closed connection (only it), until the
// runtime reaps it. On a busy machine that took up to 10s, and this test, when
// it waited 5s for the connection, failed now and then. Nothing here is timed:
// it waits for the client's goroutines to end (bounded by the lab's safety
// net), collects, and looks once.
func TestPulledConnectionIsFreed(t *testing.T) {
	b, err := newBroker(t.TempDir(), "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Stop()
	before := clientGoroutines()
	var consumer, jsctx weak.Pointer[byte]
	func() {
		nc, err := b.connect("pull")
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		js, _ := jetstream.New(nc)
		if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "PULL", Subjects: []string{"pull.>"}}); err != nil {
			t.Fatal(err)
		}
		cons, err := js.CreateOrUpdateConsumer(ctx, "PULL", jetstream.ConsumerConfig{Durable: "c", AckPolicy: jetstream.AckExplicitPolicy})
		if err != nil {
			t.Fatal(err)
		}
		consumer, jsctx = weakOf(cons), weakOf(js)
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
	deadline := time.Now().Add(ackSafety)
	for {
		left := newIn(clientGoroutines(), before)
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines of the closed client still run %s later:\n%s", len(left), ackSafety, strings.Join(left, "\n\n"))
		}
		time.Sleep(5 * time.Millisecond)
	}
	runtime.GC()
	if consumer.Value() != nil || jsctx.Value() != nil {
		t.Errorf("the pull's consumer (freed %v) and JetStream context (freed %v) must be garbage once the closed client's goroutines ended: a timer holds them",
			consumer.Value() == nil, jsctx.Value() == nil)
	}
}

// weakOf is a weak pointer to the value behind v, an interface holding a
// pointer to a type of another package.
func weakOf(v any) weak.Pointer[byte] {
	return weak.Make((*byte)(reflect.ValueOf(v).UnsafePointer()))
}

// natsPkg is how a stack names nats.go's package, whose dot it escapes, and
// the packages under it (jetstream).
var natsPkg = strings.TrimSuffix(runtime.FuncForPC(reflect.ValueOf(nats.Connect).Pointer()).Name(), ".Connect")

// clientGoroutines returns the stacks of the goroutines nats.go started, by id.
func clientGoroutines() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	gs := map[string]string{}
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "\ncreated by "+natsPkg) {
			id, _, _ := strings.Cut(strings.TrimPrefix(g, "goroutine "), " ")
			gs[id] = g
		}
	}
	return gs
}

// newIn lists the stacks in now that were not in before.
func newIn(now, before map[string]string) []string {
	var left []string
	for id, g := range now {
		if _, ok := before[id]; !ok {
			left = append(left, g)
		}
	}
	return left
}
