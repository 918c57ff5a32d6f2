package tui

import (
	"strings"
	"testing"
)

// At 80x24, in presenter mode, the end screen of every experiment of the
// catalog shows a marked row for each order a finding names, whatever else
// the panels have to leave out.
func TestEndScreenShowsTheRowsOfTheFindings(t *testing.T) {
	atEveryExperimentsEnd(t, true, func(t *testing.T, h *harness) {
		rep := h.run().fr.report
		panel := strings.Join(panelLines(h.screen()), "\n")
		for _, f := range rep.Findings {
			found := false
			for _, l := range strings.Split(panel, "\n") {
				if strings.Contains(l, "✗") && strings.Contains(l, f.Order) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s of %s: no marked row in the panels:\n%s", f.Kind, f.Order, h.screen())
			}
		}
	})
}
