package scenarios_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

// Lab defects the audit found, each kept as a test that fails if it comes
// back.

// TestParkedIsNotReordered: an event parked after its delivery bound is
// parked, not an anomaly; an order whose last version is parked was not
// applied out of order.
func TestParkedIsNotReordered(t *testing.T) {
	sp := switchRun{id: "naive", seed: 10, orders: 4, lifecycle: true, maxDeliver: 1, faults: []string{"consumer.before-apply=50%poison"}}.spec(t)
	o := runAudited(context.Background(), sp, filepath.Join(t.TempDir(), "lab"))
	judgeAudits(t, []auditOutcome{o}, "a run with a parked later version")
}

// TestOutboxCDCWithPartitions: partitions keep each order's events in order
// with several shipping instances; outbox-cdc must take them as the other
// strategies do, and its verdict be what the stores say.
func TestOutboxCDCWithPartitions(t *testing.T) {
	s, err := scenarios.Lookup("outbox-cdc")
	if err != nil {
		t.Fatal(err)
	}
	sp := scenarios.Spec{Strategy: s, Seed: 1, Orders: 4, Lifecycle: true, Consumers: 2, Partitions: 2}
	o := runAudited(context.Background(), sp, filepath.Join(t.TempDir(), "lab"))
	judgeAudits(t, []auditOutcome{o}, "outbox-cdc with partitions")
}

// TestResumeStartsAFreshJournalLine: the lab reads a journal whose last line
// a kill cut short by ignoring that line. Resuming such a run must not glue
// its own first line to the fragment, or that line is lost with it.
func TestResumeStartsAFreshJournalLine(t *testing.T) {
	s, err := scenarios.Lookup("outbox")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "lab")
	c := childSpec{Strategy: s.ID, Seed: 1, Orders: 20, Dir: dir}
	if !killChild(t, c, 40, "") {
		t.Fatal("the run ended before the kill")
	}
	// What a kill in the middle of a write leaves: a line cut short.
	f, err := os.OpenFile(filepath.Join(dir, "journal"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"k":"req`)
	f.Close()
	if rep := resumeKept(t, dir, ""); rep == nil || !rep.Settled {
		t.Fatalf("the resumed run did not settle")
	}
	raw, err := os.ReadFile(filepath.Join(dir, "journal"))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(raw, []byte("\n")), []byte("\n")) {
		if string(line) == `{"k":"req` {
			continue // the fragment, on a line of its own
		}
		var v map[string]any
		if err := json.Unmarshal(line, &v); err != nil {
			t.Errorf("journal line %d does not parse (%v): %s", i+1, err, line)
		}
	}
}
