package tui

import (
	"context"
	"fmt"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// atEveryExperimentsEnd runs each experiment of the catalog (seed 1, 3
// orders) to its verdict in a harness at 80x24, presenter mode or not, and
// hands it to check.
func atEveryExperimentsEnd(t *testing.T, present bool, check func(t *testing.T, h *harness)) {
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
				h := newHarness(t, Options{Run: r, Base: baseConfig(), Present: present}, 80, 24)
				h.idle()
				h.press("r")
				h.idle()
				if h.run().fr.report == nil {
					t.Fatalf("no verdict:\n%s", h.screen())
				}
				check(t, h)
			})
		}
	}
}
