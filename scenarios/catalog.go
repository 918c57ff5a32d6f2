// Package scenarios holds the strategies, one file each, and the catalog that
// says what each one is, where faults can strike in it, and what each fault
// is expected to show.
package scenarios

import (
	"embed"
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
)

// Strategy is one entry of the catalog.
type Strategy struct {
	ID     string
	Title  string   // one line
	About  string   // three or four sentences
	Steps  []string // the write path, in order
	Points []faults.Point
	Expect []Expectation
	File   string // the strategy's own Go file, shown in the UI
	New    func() lab.Strategy
}

// Expectation is what a fault (or none) is expected to show for a strategy.
type Expectation struct {
	Faults    []string // POINT=TERM; none for the fault-free run
	Lifecycle bool
	Consumer  lab.Guarantee // shipping's guarantee; "" is the strategy's preset
	// Retry and IdempotencyKey are the caller's --retry and --idempotency-key.
	Retry          int
	IdempotencyKey bool
	// MaxDeliver is the run's --max-deliver: 0, no bound.
	MaxDeliver int
	// Consumers and Partitions are the run's --consumers and --partitions.
	Consumers, Partitions int
	Want                  Outcome
	Lesson                string
}

// Outcome is an expected verdict. AtLeast makes the counts minimums.
type Outcome struct {
	Lost, Ghost, Duplicate, Reordered int
	AtLeast                           bool
	Ambiguous                         bool // some caller saw a failure although the order was committed
	Deduplicated                      int  // at least this many deliveries absorbed
	DoubleOrder                       int  // second orders placed for one request of the caller
	Parked                            int  // orders parked in the dead-letter stream, exactly
	Blocked                           bool // the stream is stuck on a poison event
}

// Consistent is the outcome of a run without anomalies.
var Consistent = Outcome{}

// ConsumerPoints are the fault points of the shipping consumer, in every strategy.
var ConsumerPoints = []faults.Point{
	{Name: "consumer.before-apply", Kind: faults.Apply, Means: "as shipping receives the event, before it applies it"},
	{Name: "consumer.after-apply", Kind: faults.Between, Means: "after shipping applied the event and before it acked it"},
}

//go:embed *.go
var sources embed.FS

// Source returns the Go source of the strategy's own file.
func (s Strategy) Source() string {
	b, err := sources.ReadFile(s.File)
	if err != nil {
		return ""
	}
	return string(b)
}

// AllPoints is the strategy's points followed by the consumer's and the
// caller's.
func (s Strategy) AllPoints() []faults.Point {
	return append(append(append([]faults.Point(nil), s.Points...), ConsumerPoints...), CallerPoints...)
}

// All returns the catalog in teaching order.
func All() []Strategy { return catalog }

// Lookup finds a strategy by id.
func Lookup(id string) (Strategy, error) {
	for _, s := range catalog {
		if s.ID == id {
			return s, nil
		}
	}
	return Strategy{}, fmt.Errorf("unknown strategy %q: valid strategies are %s", id, strings.Join(IDs(), ", "))
}

// IDs lists the strategy ids in teaching order.
func IDs() []string {
	var ids []string
	for _, s := range catalog {
		ids = append(ids, s.ID)
	}
	return ids
}

// ParseFaults parses POINT=TERM specs and checks them against the strategy.
func (s Strategy) ParseFaults(specs []string) ([]faults.Fault, error) {
	var out []faults.Fault
	for _, spec := range specs {
		f, err := faults.ParseFault(spec)
		if err != nil {
			return nil, err
		}
		if err := faults.Validate(f, s.AllPoints()); err != nil {
			return nil, fmt.Errorf("%s: %w", s.ID, err)
		}
		out = append(out, f)
	}
	return out, nil
}
