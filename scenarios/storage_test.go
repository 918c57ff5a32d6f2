package scenarios_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dualwrite/dualwrite/faults"
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

// TestAHeadlessRunKeepsItsOwnBrokerInMemory: a headless run on a broker of
// its own in a temporary directory keeps its streams in memory; one that a
// fault or a key in the UI could stop, one kept in --db for resume and
// replay, or one the nats CLI may look at (--listen), keeps them in files, and a headless
// run refuses to arm a broker stop it could not survive.
func TestAHeadlessRunKeepsItsOwnBrokerInMemory(t *testing.T) {
	s, err := scenarios.Lookup("outbox-dedup")
	if err != nil {
		t.Fatal(err)
	}
	down, err := s.ParseFaults([]string{"relay.publish=1*broker-down(20ms)"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		headless bool
		faults   []faults.Fault
		dir      string
		listen   string
		files    bool
	}{
		{"headless", true, nil, "", "", false},
		{"headless with a broker-down", true, down, "", "", true},
		{"headless with --db", true, nil, filepath.Join(t.TempDir(), "db"), "", true},
		{"headless with --listen", true, nil, "", "127.0.0.1:0", true},
		{"driven by hand", false, nil, "", "", true},
	} {
		sp := scenarios.Spec{Strategy: s, Seed: 1, Orders: 2, MaxDeliver: 3, Faults: c.faults, Dir: c.dir, Listen: c.listen, Headless: c.headless}
		r, err := lab.Start(context.Background(), sp.Config())
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := filepath.Glob(filepath.Join(r.Dir(), "nats", "jetstream", "*", "streams", "*"))
		if files := len(stored) > 0; files != c.files {
			t.Errorf("%s: streams in files %v (%v), want %v", c.name, files, stored, c.files)
		}
		if c.headless && !c.files {
			if err := r.Arm(down[0]); err == nil {
				t.Errorf("%s: a broker-down was armed on streams kept in memory", c.name)
			}
		}
		if _, err := r.Finish(context.Background()); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		r.Close()
	}
}
