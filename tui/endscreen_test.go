package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// At 80x24, in presenter mode, the end screen of every experiment of the
// catalog shows a marked row for each order a finding names, whatever else
// the panels have to leave out.
func TestEndScreenShowsTheRowsOfTheFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every experiment of the catalog")
	}
	for _, s := range scenarios.All() {
		for i, x := range s.Expect {
			t.Run(fmt.Sprintf("%s/%d", s.ID, i+1), func(t *testing.T) {
				fs, err := s.ParseFaults(x.Faults)
				if err != nil {
					t.Fatal(err)
				}
				r, err := lab.Start(context.Background(), lab.Config{Name: s.ID, Strategy: s.New(), Points: s.AllPoints(),
					Faults: fs, Seed: 1, Orders: 3, Lifecycle: x.Lifecycle})
				if err != nil {
					t.Fatal(err)
				}
				h := newHarness(t, Options{Run: r, Base: baseConfig(), Present: true}, 80, 24)
				h.idle()
				h.press("r")
				h.idle()
				rep := h.run().fr.report
				if rep == nil {
					t.Fatalf("no verdict:\n%s", h.screen())
				}
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
	}
}
