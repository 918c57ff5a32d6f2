package lab

import (
	"testing"

	"github.com/nats-io/nats.go/jetstream"
)

// testBroker starts a shared broker for a test, closed when it ends.
func testBroker(t *testing.T) *Broker {
	t.Helper()
	b, err := NewSharedBroker()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// testJetStream connects a client named name to b for a test, closed when it ends.
func testJetStream(t *testing.T, b *Broker, name string) jetstream.JetStream {
	t.Helper()
	nc, err := b.connect(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return js
}
