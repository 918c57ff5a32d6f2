package trace_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/trace"
)

// Follow sees the events added before it and each one after, once each and in
// order, while other goroutines add.
func TestFollow(t *testing.T) {
	tr := trace.New(func() time.Duration { return 0 })
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

// A long trace keeps its first and last steps and says how many it dropped;
// Len counts them all.
func TestTraceKeepsHeadAndTail(t *testing.T) {
	tr := trace.New(func() time.Duration { return 0 })
	n := trace.KeepHead + trace.KeepTail + 1234
	for i := range n {
		tr.Add(trace.Event{Order: strconv.Itoa(i)})
	}
	ev := tr.Events()
	if tr.Len() != n || len(ev) != trace.KeepHead+trace.KeepTail+1 {
		t.Fatalf("Len %d, %d events kept: want %d and %d", tr.Len(), len(ev), n, trace.KeepHead+trace.KeepTail+1)
	}
	gap := ev[trace.KeepHead]
	if ev[trace.KeepHead-1].Order != strconv.Itoa(trace.KeepHead-1) || gap.Step != "elided" || !strings.HasPrefix(gap.Detail, "1234 steps not kept") {
		t.Errorf("around the gap: %+v, %+v", ev[trace.KeepHead-1], gap)
	}
	if ev[trace.KeepHead+1].Order != strconv.Itoa(trace.KeepHead+1234) || ev[len(ev)-1].Order != strconv.Itoa(n-1) {
		t.Errorf("tail from %s to %s", ev[trace.KeepHead+1].Order, ev[len(ev)-1].Order)
	}
	small := trace.New(func() time.Duration { return 0 })
	small.Add(trace.Event{Step: "only"})
	if ev := small.Events(); len(ev) != 1 {
		t.Errorf("a short trace: %v", ev)
	}
}
