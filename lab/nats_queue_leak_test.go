package lab

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
)

// TestNATSServerKeepsAQueuePerDeletedStream is a reproduction of a
// nats-server bug (v2.15.2): a stream's "direct gets" queue is registered in
// the server's map of queues when the stream is created and never removed
// when it is deleted (stream.go's stop unregisters every other queue of the
// stream). A server that sees many streams come and go grows without end,
// so a campaign moves to a fresh broker every so many runs (scenarios'
// brokerRuns). When this test fails after an upgrade, the bug is fixed and
// that rotation can go.
func TestNATSServerKeepsAQueuePerDeletedStream(t *testing.T) {
	b := testBroker(t)
	js := testJetStream(t, b, "test")
	ctx := context.Background()
	const streams = 20
	for i := range streams {
		name := fmt.Sprintf("gone%d", i)
		if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: name, Subjects: []string{name}, Storage: jetstream.MemoryStorage}); err != nil {
			t.Fatal(err)
		}
		if err := js.DeleteStream(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	left := 0
	for name := range *b.srv.Ipqueuesz(&server.IpqueueszOptions{All: true}) {
		if strings.Contains(name, "stream 'gone") {
			left++
		}
	}
	if left != streams {
		t.Errorf("after %d streams were created and deleted, the server keeps %d of their queues; the bug this reproduces "+
			"keeps one per stream: if it is fixed, campaigns no longer need a fresh broker every brokerRuns runs", streams, left)
	}
}
