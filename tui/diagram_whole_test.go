package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// At 80 columns the diagram's arrows read "deliv…▶" and "read…▶", and the
// banners "start: fresh orders.db, shipping.db a…". On every experiment of
// the catalog, at 80 and 100 columns, beside the panels and beside the
// source pane, no label or banner of the diagram is cut: each takes the
// longest of its words that fits whole.
func TestDiagramKeepsWordsWhole(t *testing.T) {
	atEveryExperimentsEnd(t, false, func(t *testing.T, h *harness) {
		rs := h.run()
		for _, w := range []int{80, 100} {
			for _, source := range []bool{false, true} {
				rs.source = source
				d, _, _ := rs.layout(h.m.st, w)
				d.flags = rs.flags
				evs := rs.fr.events
				for _, l := range d.render(evs, len(evs), nil, len(evs)+d.headerLines(), 0) {
					if strings.Contains(ansi.Strip(l), "…") {
						t.Errorf("%d columns, source %v: a word is cut: %q", w, source, ansi.Strip(l))
					}
				}
			}
		}
		rs.source = false
	})
}

// The arrows keep a word on them where a short one exists: naive's
// delivery at 80 columns reads "send", not a bare arrow.
func TestArrowTakesTheShortWord(t *testing.T) {
	c := newCanvas(20)
	d := &diagram{w: 20}
	d.arrow(c, 2, 9, arrowLabels("deliver"), '─', csArrow)
	if got := c.plain(); !strings.Contains(got, "send") || strings.Contains(got, "…") {
		t.Errorf("deliver between lanes 7 apart: %q", got)
	}
	c = newCanvas(30)
	d.arrow(c, 2, 15, arrowLabels("deliver"), '─', csArrow)
	if got := c.plain(); !strings.Contains(got, "deliver") {
		t.Errorf("deliver between lanes 13 apart: %q", got)
	}
}
