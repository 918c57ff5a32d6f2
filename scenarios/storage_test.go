package scenarios_test

import (
	"context"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// TestASharedBrokerKeepsRunsInMemory: a run on a campaign's broker keeps its
// stream, its dead letters and its bucket in memory, not in files, and
// deletes them all when it closes.
func TestASharedBrokerKeepsRunsInMemory(t *testing.T) {
	b, err := lab.NewSharedBroker()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	// the orders stream and the dead letters; cdc's offsets bucket; 2pc's staging stream
	want := map[string]int{"outbox-dedup": 2, "cdc": 3, "2pc": 3}
	for _, id := range []string{"outbox-dedup", "cdc", "2pc"} {
		s, err := scenarios.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		cfg := scenarios.Spec{Strategy: s, Seed: 1, Orders: 2, MaxDeliver: 3, Broker: b}.Config()
		r, err := lab.Start(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Finish(context.Background()); err != nil {
			t.Fatal(err)
		}
		memory, file, err := b.StreamsStored()
		r.Close()
		if err != nil || memory < want[id] || file != 0 {
			t.Errorf("%s: the shared broker holds %d streams in memory and %d in files (%v); want %d, all in memory", id, memory, file, err, want[id])
		}
		if streams, consumers, err := b.Holds(); err != nil || streams+consumers > 0 {
			t.Errorf("%s: once closed, the run left %d streams and %d consumers (%v)", id, streams, consumers, err)
		}
	}
}
