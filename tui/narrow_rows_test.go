package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// At 80 columns a shipment row marked with a finding gave its status to
// the finding's word ("✗ o-1 v1 ×2 DUPLICATE"), yet a lifecycle's lesson is
// often in that status. On every experiment of the catalog, at 80x24 and
// 120x35, each marked shipment row keeps the status shipping.db holds, and
// its word is on the row or on the line under it.
func TestMarkedShipmentsKeepTheirStatus(t *testing.T) {
	atEveryExperimentsEnd(t, true, func(t *testing.T, h *harness) {
		fr := h.run().fr
		mk := marksOf(fr.report)
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			lines := shipmentLines(h.screen())
			// Both sides of the lesson show at least one of their rows,
			// not a bare "… 3 more".
			if len(fr.snap.Orders) > 0 && !anyRow(panelOf(h.screen(), "orders.db · orders")) {
				t.Errorf("%dx%d: the orders panel shows none of its %d rows:\n%s", size[0], size[1], len(fr.snap.Orders), h.screen())
			}
			if len(fr.snap.Shipments) > 0 && !anyRow(lines) {
				t.Errorf("%dx%d: the shipments panel shows none of its %d rows:\n%s", size[0], size[1], len(fr.snap.Shipments), h.screen())
			}
			for _, sh := range fr.snap.Shipments {
				word := mk.word(sh.Order)
				for j, l := range lines {
					if !strings.HasPrefix(l, "✗ "+sh.Order+" ") {
						continue
					}
					if !strings.Contains(l, " "+sh.Status+" ") {
						t.Errorf("%dx%d: %s's row lost its status %q: %q", size[0], size[1], sh.Order, sh.Status, l)
					}
					under := ""
					if j+1 < len(lines) {
						under = lines[j+1]
					}
					if !strings.Contains(l, word) && !strings.Contains(under, "↳ "+word) {
						t.Errorf("%dx%d: %s's row %q has not its word %q, nor the line under it %q", size[0], size[1], sh.Order, l, word, under)
					}
				}
			}
		}
	})
}

// At 80 columns the outbox state read "… pend…". Every outbox row shown
// while an outbox run steps, at 80x24, ends in its whole state.
func TestOutboxStateIsWholeAt80Columns(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "outbox", 1, "relay.after-publish=1*crash"), Base: baseConfig()}, 80, 24)
	h.idle()
	pending := 0
	for i := 0; i < 40 && !h.run().fr.finished; i++ {
		h.step(1)
		in := false
		for _, l := range panelLines(h.screen()) {
			l = strings.TrimRight(l, " ")
			switch {
			case strings.HasPrefix(l, "orders.db · outbox"):
				in = true
			case !in:
			case strings.HasPrefix(strings.TrimLeft(l, " ▸"), "#"):
				if strings.HasSuffix(l, "… pending") {
					pending++
				} else if !strings.HasSuffix(l, "✓ sent") {
					t.Fatalf("step %d: outbox row %q ends in neither \"… pending\" nor \"✓ sent\":\n%s", i+1, l, h.screen())
				}
			case strings.Contains(l, "row  event"), strings.Contains(l, "… "):
			default:
				in = false
			}
		}
	}
	if pending == 0 {
		t.Fatalf("no pending outbox row was ever on show:\n%s", h.screen())
	}
}

// shipmentLines returns the rows of the shipments panel, trimmed.
func shipmentLines(screen string) []string {
	var out []string
	in := false
	for _, l := range panelLines(screen) {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "shipping.db · shipments"), strings.HasPrefix(l, "shipments ("):
			in = true
		case in && l == "":
			in = false
		case in:
			out = append(out, l)
		}
	}
	return out
}

// The shipments columns shrink at 80 columns before a word leaves its
// row: outbox's duplicate fits on one line, status and word.
func TestDuplicateShipmentFitsOneLineAt80Columns(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "outbox", 1, "relay.after-publish=1*crash"), Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("r")
	h.until("the verdict", func() bool { return h.run().fr.finished })
	for _, l := range shipmentLines(h.screen()) {
		if strings.HasPrefix(l, "✗ o-1 ") {
			if !strings.Contains(l, " placed ") || !strings.HasSuffix(l, "×2 DUPLICATE") {
				t.Fatalf("the duplicate's row is %q, not status and word on one line:\n%s", l, h.screen())
			}
			return
		}
	}
	t.Fatalf("no marked row for o-1 in the shipments:\n%s", h.screen())
}

// panelOf returns the lines of the panel whose title starts with title,
// trimmed, up to the next blank line or title.
func panelOf(screen, title string) []string {
	var out []string
	in := false
	for _, l := range panelLines(screen) {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, title):
			in = true
		case in && (l == "" || strings.Contains(l, " · ")):
			return out
		case in:
			out = append(out, l)
		}
	}
	return out
}

// anyRow says whether one of the lines is an order's row.
func anyRow(lines []string) bool {
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, "▸✗? "), "o-") {
			return true
		}
	}
	return false
}

// At 80 columns the stream's msg-id, outbox-dedup's lesson, read "outbox…":
// the type column now takes only what the types on show need.
func TestStreamMsgIDIsWholeAt80Columns(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "outbox-dedup", 1), Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("r")
	h.until("the verdict", func() bool { return h.run().fr.finished })
	rows := panelOf(h.screen(), "NATS · stream ORDERS")
	if !strings.Contains(strings.Join(rows, "\n"), "Placed outbox-3") {
		t.Fatalf("the stream's last row lacks its whole msg-id outbox-3: %q\n%s", rows, h.screen())
	}
}
