package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/lab"
)

// startFleetRun starts a run of outbox with shipping as several instances.
func startFleetRun(t *testing.T, consumers, partitions int) *lab.Run {
	t.Helper()
	return startWith(t, "outbox", func(c *lab.Config) { c.Consumers, c.Partitions = consumers, partitions })
}

// headerLine is the screen's first line: the run screen's header.
func headerLine(h *harness) string { return strings.SplitN(h.screen(), "\n", 2)[0] }

// With --consumers 3 the header counts the instances; "shipping #1" was the
// restart count and read as one instance. At 80 columns the first step's
// sentence names the partitions the header has no room for.
func TestHeaderCountsShippingInstances(t *testing.T) {
	h := newHarness(t, Options{Run: startFleetRun(t, 3, 0), Base: baseConfig()}, 80, 24)
	h.idle()
	if l := headerLine(h); !strings.Contains(l, "shipping ×3") || strings.Contains(l, "shipping #") {
		t.Fatalf("header %q, want shipping ×3", l)
	}
	saysFlat(t, h, "and 3 shipping instances sharing one durable consumer")
	h.press("r")
	h.until("the verdict", func() bool { return h.run().fr.finished })
	if l := headerLine(h); !strings.Contains(l, "judged") || !strings.Contains(l, "shipping ×3") {
		t.Fatalf("header at the end %q, want judged and shipping ×3", l)
	}

	p := newHarness(t, Options{Run: startFleetRun(t, 3, 3), Base: baseConfig()}, 80, 24)
	p.idle()
	saysFlat(t, p, "with the order ids in 3 partitions, and 3 shipping instances, one per partition")
	if l := headerLine(p); !strings.Contains(l, "shipping ×3") {
		t.Fatalf("header %q, want shipping ×3", l)
	}
	p.send(tea.WindowSizeMsg{Width: 120, Height: 35})
	if l := headerLine(p); !strings.Contains(l, "shipping ×3, 3 partitions") {
		t.Fatalf("header at 120 columns %q, want shipping ×3, 3 partitions", l)
	}

	one := newHarness(t, Options{Run: startRun(t, "outbox", 1), Base: baseConfig()}, 80, 24)
	one.idle()
	if l := headerLine(one); !strings.Contains(l, "shipping #1") {
		t.Fatalf("header of one instance %q, want shipping #1", l)
	}
	one.lacks("shipping instances")
}

// saysFlat fails unless the screen, its lines and spaces joined into one
// run of words, says want: a sentence wrapped over lines.
func saysFlat(t *testing.T, h *harness, want string) {
	t.Helper()
	if flat := strings.Join(strings.Fields(h.screen()), " "); !strings.Contains(flat, want) {
		t.Fatalf("the screen does not say %q:\n%s", want, h.screen())
	}
}
