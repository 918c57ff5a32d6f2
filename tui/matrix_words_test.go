package tui

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/scenarios"
)

// Every cell of the matrix says what its run showed in the words of
// dualwrite compare (scenarios.Cell.Measured): a poison event that blocked
// the stream or was parked is no "consistent" in green.
func TestMatrixCellsSayWhatCompareSays(t *testing.T) {
	cells := scenarios.Cells()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range cells {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			sp, err := cells[i].Spec()
			if err != nil {
				cells[i].Err = err
				return
			}
			cells[i].Report, cells[i].Err = scenarios.Run(context.Background(), sp.Config())
		}()
	}
	wg.Wait()
	st := newStyles(true, false, false)
	for _, c := range cells {
		if c.Err != nil {
			t.Fatalf("%s %v: %v", c.Strategy.ID, c.Expect.Faults, c.Err)
		}
		want := strings.ReplaceAll(c.Measured(), "double-order", "double")
		if got := ansi.Strip(measuredStyled(st, c)); got != want {
			t.Errorf("%s %v: the matrix says %q, compare says %q", c.Strategy.ID, c.Expect.Faults, got, want)
		}
	}
}
