package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// startWith starts a real run of a strategy with a config the test shapes.
func startWith(t *testing.T, id string, shape func(*lab.Config), specs ...string) *lab.Run {
	t.Helper()
	s, err := scenarios.Lookup(id)
	if err != nil {
		t.Skipf("strategy %s is not in the catalog yet: %v", id, err)
	}
	fs, err := s.ParseFaults(specs)
	if err != nil {
		t.Fatal(err)
	}
	cfg := lab.Config{Name: id, Strategy: s.New(), Points: s.AllPoints(), Faults: fs, Seed: 1, Orders: 3}
	shape(&cfg)
	r, err := lab.Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The verdict says why a run with no lost, ghost, duplicate or reordered
// order is still inconsistent: a poison event parked, or a stream blocked
// behind it. And it counts the changes a versioned consumer discarded, as
// dualwrite run does.
func TestVerdictSaysWhatAPoisonEventHeldUp(t *testing.T) {
	for _, c := range []struct {
		name  string
		id    string
		shape func(*lab.Config)
		fault []string
		want  []string
		check func(*lab.Report) bool
	}{
		{"parked", "outbox", func(c *lab.Config) { c.MaxDeliver = 3 }, []string{"consumer.before-apply=1*poison"},
			[]string{"⊘ parked", "o-1"}, func(r *lab.Report) bool { return len(r.Parked) == 1 }},
		{"blocked", "outbox", func(*lab.Config) {}, []string{"consumer.before-apply=1*poison"},
			[]string{"⏸ blocked", "o-2, o-3"}, func(r *lab.Report) bool { return r.Blocked != nil }},
		{"negative lag", "publish-first", func(*lab.Config) {}, []string{"commit=1*error"},
			[]string{"(negative: shipping applied events before their orders were committed)"},
			func(r *lab.Report) bool { return r.Lag.Samples > 0 && r.Lag.P50 < 0 }},
		{"discarded", "race", func(c *lab.Config) { c.Consumer = lab.Versioned }, nil,
			[]string{"↷ discarded 1"}, func(r *lab.Report) bool { return r.Discarded == 1 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := startWith(t, c.id, c.shape, c.fault...)
			h := newHarness(t, Options{Run: r, Base: baseConfig()}, 120, 40)
			h.idle()
			h.press("e")
			h.idle()
			rep := h.run().fr.report
			if rep == nil || !c.check(rep) {
				t.Fatalf("the run is not the case under test: %+v", rep)
			}
			h.contains(c.want...)
		})
	}
}

// At 80x24 the narration has three lines. On the step where a poison event
// is delivered and refused, the refusal is what the fault did: it is kept,
// while the delivery and the backoff around it may be left out.
func TestNarrationKeepsARefusedApplyAt80x24(t *testing.T) {
	r := startRun(t, "outbox", 1, "consumer.before-apply=1*poison")
	h := newHarness(t, Options{Run: r, Base: baseConfig()}, 80, 24)
	h.idle()
	for range 40 {
		if count(h.run().fr.events, "apply") >= 1 {
			break
		}
		h.step(1)
	}
	h.contains("Shipping cannot apply o-1 v1")
}

// At 80 columns the verdict's last line wraps instead of being cut: "the
// recovery did not settle" is the caveat on the whole verdict.
func TestVerdictTailWrapsAt80(t *testing.T) {
	r := startRun(t, "outbox", 1, "consumer.before-apply=1*poison")
	h := newHarness(t, Options{Run: r, Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("e")
	h.idle()
	for range 8 {
		h.screen() // a program draws after each key; the verdict scrolls what was drawn
		h.press("down")
	}
	h.contains("did not settle within its bound")
}

// A double order's rows are marked ✗ like every other finding's, in
// orders.db and in shipping.db, and kept at 80x24.
func TestDoubleOrderRowsAreMarked(t *testing.T) {
	r := startWith(t, "naive", func(c *lab.Config) { c.Retry = 2 }, "reply=1*ack-lost")
	h := newHarness(t, Options{Run: r, Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("e")
	h.idle()
	rep := h.run().fr.report
	if rep == nil || rep.Anomalies.DoubleOrder != 1 {
		t.Fatalf("the run is not the case under test: %+v", rep)
	}
	// The word is on the row, or, where the row has no room for it, on
	// the line under it.
	marked := 0
	lines := panelLines(h.screen())
	for i, l := range lines {
		under := ""
		if i+1 < len(lines) {
			under = lines[i+1]
		}
		if strings.Contains(l, "✗") && strings.Contains(l, "o-2") &&
			(strings.Contains(l, "DOUBLE-ORDER") || strings.Contains(under, "↳ DOUBLE-ORDER")) {
			marked++
		}
	}
	if marked < 2 {
		t.Errorf("o-2 is marked a double order on %d rows, want its row in orders.db and in shipping.db:\n%s", marked, h.screen())
	}
}

// The stream panel's line on shipping's consumer wraps at 80 columns: the
// count of redeliveries of a poison event is the point of it.
func TestStreamFootSaysRedeliveredAt80(t *testing.T) {
	r := startRun(t, "outbox", 1, "consumer.before-apply=1*poison")
	h := newHarness(t, Options{Run: r, Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("e")
	h.idle()
	panel := strings.Join(panelLines(h.screen()), "\n")
	if !strings.Contains(panel, "redelivered") {
		t.Errorf("the stream panel does not say how often seq 1 was redelivered:\n%s", h.screen())
	}
}
