package tui

import (
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// panelWords is the right-hand column as one run of words.
func panelWords(h *harness) string {
	return strings.Join(strings.Fields(strings.Join(panelLines(h.screen()), " ")), " ")
}

// At 80 columns the shipments panel's title keeps its inbox count (it read
// "shipments (3) · i…"), and the stream panel says in full why it is
// empty while the broker is down (it read "the stream is kep…").
func TestPanelsSayItAllAt80(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "outbox-dedup", 1, "relay.after-publish=1*crash"), Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("r")
	h.until("the verdict", func() bool { return h.run().fr.finished })
	in := h.run().fr.snap.Inbox
	if in == 0 {
		t.Fatal("outbox-dedup's inbox is empty after the run")
	}
	if w := panelWords(h); !strings.Contains(w, "shipments (3) · inbox "+itoa(in)) || strings.Contains(w, "· i…") {
		t.Fatalf("the shipments title at 80 columns lacks its inbox count:\n%s", h.screen())
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 35})
	if w := panelWords(h); !strings.Contains(w, "shipping.db · shipments (3) · inbox "+itoa(in)) {
		t.Fatalf("the shipments title at 120 columns is not in full:\n%s", h.screen())
	}

	b := newHarness(t, Options{Run: startRun(t, "outbox", 1), Base: baseConfig()}, 80, 24)
	b.idle()
	b.step(5)
	b.press("b")
	b.idle()
	down := b.run().fr.snap.Stream.Down
	if down == "" {
		t.Fatal("the broker is down and the stream panel has no word for it")
	}
	if w := panelWords(b); !strings.Contains(w, strings.Join(strings.Fields(down), " ")) {
		t.Fatalf("the stream panel does not say %q in full:\n%s", down, b.screen())
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
