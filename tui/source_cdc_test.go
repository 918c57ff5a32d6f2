package tui

import (
	"strings"
	"testing"
)

// outbox-cdc's own file writes its outbox event with AddDomainEvent and
// deletes it with DeleteDomainEvent: the source pane marks those lines in
// outbox_cdc.go, not the plain outbox's AddToOutbox in outbox.go; its
// connector reads the log with ReadOutboxLog.
func TestSourcePaneOfOutboxCDCShowsItsOwnCalls(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "outbox-cdc", 1), Base: baseConfig()}, 120, 35)
	h.idle()
	h.press("s")
	for _, c := range []struct{ step, call string }{{"outbox", "tx.AddDomainEvent(ctx, ev)"}, {"delete outbox", "tx.DeleteDomainEvent(ctx, id)"}, {"read log", "s.ReadOutboxLog(ctx, offset)"}} {
		for !has(h.run().fr.events, c.step) {
			h.step(1)
		}
		h.contains("scenarios/outbox_cdc.go")
		if m := markedLine(h.screen()); !strings.Contains(m, c.call) {
			t.Fatalf("at the %s step the marked line is %q, want %s:\n%s", c.step, m, c.call, h.screen())
		}
	}
}

// race-occ's writers read the order's last sequence with LastOfOrder: the
// source pane marks that line at the read, not the head of Handle.
func TestSourcePaneOfRaceOCCMarksTheRead(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "race-occ", 1), Base: baseConfig()}, 120, 35)
	h.idle()
	h.press("s")
	for !has(h.run().fr.events, "read seq") {
		h.step(1)
	}
	if m := markedLine(h.screen()); !strings.Contains(m, "s.LastOfOrder(ctx, r.Order)") {
		t.Fatalf("at the read of the last sequence the marked line is %q:\n%s", m, h.screen())
	}
}
