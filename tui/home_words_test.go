package tui

import (
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

// The home screen's header counts the orders in words: one order is "1 order".
func TestHomeHeaderCountsOrders(t *testing.T) {
	for n, want := range map[int]string{1: "seed 1 · 1 order · place", 3: "seed 1 · 3 orders · place"} {
		h := newHarness(t, Options{Base: scenarios.Spec{Seed: 1, Orders: n}}, 120, 35)
		h.contains(want)
	}
}
