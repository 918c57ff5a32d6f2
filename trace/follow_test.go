package trace_test

import (
	"sync"
	"testing"

	"github.com/dualwrite/dualwrite/trace"
)

// Follow sees the events added before it and each one after, once each and in
// order, while other goroutines add.
func TestFollow(t *testing.T) {
	tr := trace.New()
	tr.Add(trace.Event{Step: "before"})
	var seen []string
	tr.Follow(func(e trace.Event) { seen = append(seen, e.Step) })
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				tr.Add(trace.Event{Step: "after"})
			}
		}()
	}
	wg.Wait()
	tr.Follow(nil)
	tr.Add(trace.Event{Step: "unfollowed"})
	if len(seen) != 201 || seen[0] != "before" || seen[200] != "after" {
		t.Fatalf("followed %d events, first %q: want 201, before first", len(seen), seen[0])
	}
	events := tr.Events()
	for i, e := range seen {
		if events[i].Step != e {
			t.Fatalf("event %d: followed %q, trace has %q", i, e, events[i].Step)
		}
	}
}
