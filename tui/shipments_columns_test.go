package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/lab"
)

// A cancelled shipment, the longest status, keeps its version and count
// under their heads: "cancelled" took the space between the columns and
// pushed them one cell right.
func TestShipmentsColumnsHoldCancelled(t *testing.T) {
	r := startWith(t, "outbox", func(c *lab.Config) { c.Orders, c.Lifecycle = 6, true })
	h := newHarness(t, Options{Run: r, Base: baseConfig()}, 120, 35)
	h.idle()
	h.press("r")
	h.until("the verdict", func() bool { return h.run().fr.finished })
	for _, size := range [][2]int{{120, 35}, {80, 24}, {120, 70}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		// The version column: the head's "ver" where the head is on show,
		// else the first row's.
		col, cancelled, in := -1, 0, false
		for _, l := range panelLines(h.screen()) {
			switch {
			case strings.HasPrefix(l, "shipping.db · shipments"):
				in = true
			case !in:
			case strings.Contains(l, "order  status"):
				col = strings.Index(l, "ver")
			case strings.Contains(l, "×"):
				if strings.Contains(l, "cancelled") {
					cancelled++
				}
				v := width(l[:strings.Index(l, " v")+1])
				if col < 0 {
					col = v
				}
				if v != col {
					t.Errorf("%dx%d: shipment row %q has its version at %d, off the column at %d", size[0], size[1], l, v, col)
				}
			}
		}
		if size[1] == 70 && !strings.Contains(h.screen(), "order  status") {
			t.Fatalf("%dx%d: the shipments head is not on show:\n%s", size[0], size[1], h.screen())
		}
		if cancelled == 0 {
			t.Fatalf("%dx%d: no cancelled shipment on screen:\n%s", size[0], size[1], h.screen())
		}
	}
}

// A race's "standard", 8 long, kept the orders panel's version under its
// head only by pushing it one cell right: the status column widens with
// the longest status on show.
func TestOrdersColumnsHoldTheLongestStatus(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "race", 1), Base: baseConfig()}, 120, 70)
	h.idle()
	h.press("r")
	h.until("the verdict", func() bool { return h.run().fr.finished })
	col, long, in := -1, 0, false
	for _, l := range panelLines(h.screen()) {
		switch {
		case strings.HasPrefix(l, "orders.db · orders"):
			in = true
		case !in:
		case strings.Contains(l, "id    status"):
			col = strings.Index(l, "ver")
		case strings.HasPrefix(strings.TrimLeft(l, " ▸✗"), "o-"):
			if strings.Contains(l, "standard") {
				long++
			}
			if v := width(l[:strings.Index(l, " v")+1]); v != col {
				t.Errorf("order row %q has its version at %d, the head's ver at %d", l, v, col)
			}
		default:
			in = false
		}
	}
	if col < 0 || long == 0 {
		t.Fatalf("no orders head (%d) or no order with status standard (%d):\n%s", col, long, h.screen())
	}
}
