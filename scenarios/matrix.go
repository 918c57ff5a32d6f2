package scenarios

import (
	"context"
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
)

// Cell is one expectation of the catalog, run for real: the comparison
// matrix is made of them.
type Cell struct {
	Row, Col int // the strategy's place in All() and the expectation's in its Expect
	Strategy Strategy
	Expect   Expectation
	Report   *lab.Report // nil when Err is set
	// Mismatch says how the report differs from the expectation; "" when it
	// meets it.
	Mismatch string
	Err      error // the run could not be made; the cell is neither met nor missed
}

// Spec is the run of the cell, as `dualwrite run` would make it: seed 1, the
// lab's default workload size and timings.
func (c Cell) Spec() (Spec, error) {
	fs, err := c.Strategy.ParseFaults(c.Expect.Faults)
	if err != nil {
		return Spec{}, err
	}
	return Spec{Strategy: c.Strategy, Faults: fs, Seed: 1, Lifecycle: c.Expect.Lifecycle, Consumer: c.Expect.Consumer,
		Retry: c.Expect.Retry, IdempotencyKey: c.Expect.IdempotencyKey,
		MaxDeliver: c.Expect.MaxDeliver, Consumers: c.Expect.Consumers, Partitions: c.Expect.Partitions}, nil
}

// Met reports whether the run meets its expectation.
func (c Cell) Met() bool { return c.Err == nil && c.Mismatch == "" }

// Cells lists the cells of the catalog, not yet run, in teaching order.
func Cells() []Cell {
	var out []Cell
	for row, s := range All() {
		for col, e := range s.Expect {
			out = append(out, Cell{Row: row, Col: col, Strategy: s, Expect: e})
		}
	}
	return out
}

// Matrix runs every cell of the catalog, up to parallel at once (0:
// Parallelism()), and sends each on the channel as soon as its run is judged, so a
// view can fill the matrix in as runs finish. The channel is closed when
// every cell is sent, or early once ctx is done.
func Matrix(ctx context.Context, parallel int) <-chan Cell {
	cells := Cells()
	out := make(chan Cell)
	go func() {
		defer close(out)
		// One broker for the whole matrix; without one each run starts its
		// own, which is slower and judged the same.
		b, err := lab.NewSharedBroker()
		if err == nil {
			defer b.Close()
		}
		order := longestFirst(cells)
		each(ctx, len(cells), parallel, func(i int) {
			c := runCell(ctx, cells[order[i]], b)
			if ctx.Err() != nil {
				return
			}
			select {
			case out <- c:
			case <-ctx.Done():
			}
		})
	}()
	return out
}

// longestFirst is the order to start the cells in: a run the catalog expects
// to block waits out the lab's whole settle bound, many times the work of any
// other, so it starts first instead of finishing last, alone.
func longestFirst(cells []Cell) []int {
	var long, rest []int
	for i, c := range cells {
		if c.Expect.Want.Blocked {
			long = append(long, i)
		} else {
			rest = append(rest, i)
		}
	}
	return append(long, rest...)
}

// RunCell makes the run of c and judges it against its expectation.
func RunCell(ctx context.Context, c Cell) Cell { return runCell(ctx, c, nil) }

// runCell makes the run of c, on the campaign's broker b when the run can
// share one (nil: on a broker of its own).
func runCell(ctx context.Context, c Cell, b *lab.Broker) Cell {
	sp, err := c.Spec()
	if err != nil {
		c.Err = fmt.Errorf("%s: the catalog's fault: %w", c.Strategy.ID, err)
		return c
	}
	sp.Broker = b
	c.Report, c.Err = Run(ctx, sp.Config())
	if c.Err == nil {
		c.Mismatch = Mismatch(c.Expect.Want, c.Report)
		if u := Unstruck(c.Report); u != "" {
			c.Mismatch = strings.TrimPrefix(c.Mismatch+"; "+u, "; ")
		}
		if !c.Report.Settled && !c.Expect.Want.Blocked { // a blocked stream never drains: that is its lesson
			c.Mismatch = strings.TrimPrefix(c.Mismatch+"; recovery did not settle", "; ")
		}
	}
	return c
}

// Column names the kind of fault of an expectation, so that one column of the
// matrix holds the same kind of fault for every strategy: "no fault",
// "service crash", "commit error", "relay crash", "broker down". The point's
// prefix names who crashes; an error is named by the operation that fails.
func (e Expectation) Column() string {
	var parts []string
	for _, spec := range e.Faults {
		parts = append(parts, faultColumn(spec))
	}
	col := strings.Join(parts, " + ")
	if col == "" {
		col = "no fault"
	}
	if e.Lifecycle {
		col += " (lifecycle)"
	}
	if e.MaxDeliver > 0 {
		col += fmt.Sprintf(" (max-deliver %d)", e.MaxDeliver)
	}
	// A fleet's column is named by it alone, to stay narrow on a screen.
	switch {
	case e.Partitions > 0:
		col = fmt.Sprintf("%d partitions", e.Partitions)
	case e.Consumers > 1:
		col = fmt.Sprintf("%d consumers", e.Consumers)
	}
	return col + e.callerColumn()
}

// Leads reports whether the expectation's column comes first in compare and
// the matrix: the world as it is built by default, no fault and one shipping
// instance. The columns of faults and of fleets follow.
func (e Expectation) Leads() bool { return len(e.Faults) == 0 && e.Consumers <= 1 }

func faultColumn(spec string) string {
	f, err := faults.ParseFault(spec)
	if err != nil || len(f.Chain) == 0 {
		return spec
	}
	who, op := "service", f.Point
	if i := strings.LastIndexByte(f.Point, '.'); i >= 0 {
		who, op = f.Point[:i], f.Point[i+1:]
	}
	switch a := f.Chain[0].Action; a {
	case faults.Crash:
		return who + " crash"
	case faults.Error:
		return op + " error"
	case faults.AckLost:
		if f.Point == lab.ReplyPoint {
			return "reply lost"
		}
		return "ack lost"
	case faults.BrokerDown:
		return "broker down"
	default:
		return who + " " + string(a)
	}
}
