package scenarios

import (
	"fmt"

	"github.com/dualwrite/dualwrite/lab"
)

// Preset is the consumer guarantee the strategy runs with unless --consumer
// says otherwise.
func (s Strategy) Preset() lab.Guarantee { return lab.Preset(s.New()) }

// Guarantee is the consumer guarantee of the expectation's run of s.
func (e Expectation) Guarantee(s Strategy) lab.Guarantee {
	if e.Consumer != "" {
		return e.Consumer
	}
	return s.Preset()
}

// Label names the producer and the consumer's share of a cell apart: the
// strategy's id, with "+inbox" or "+versioned" when shipping does more than
// apply every delivery. "cdc+inbox" absorbs a redelivery; "cdc" alone does not.
func (c Cell) Label() string {
	g := c.Expect.Guarantee(c.Strategy)
	if g == lab.Plain {
		return c.Strategy.ID
	}
	return c.Strategy.ID + "+" + string(g)
}

// Shares says who absorbed what in the cell's run, the producer's share apart
// from the consumer's: "≡1js" JetStream absorbed a publish by its message id,
// "≡1in" shipping absorbed a delivery it had applied, "↷1" shipping discarded
// a stale one; then "+inbox" or "+versioned", the consumer's guarantee when
// it is more than plain.
func (c Cell) Shares() string {
	s := ""
	if rep := c.Report; rep != nil {
		if rep.DedupBy.Broker > 0 {
			s += fmt.Sprintf(" ≡%djs", rep.DedupBy.Broker)
		}
		if rep.DedupBy.Consumer > 0 {
			s += fmt.Sprintf(" ≡%din", rep.DedupBy.Consumer)
		}
		if rep.Discarded > 0 {
			s += fmt.Sprintf(" ↷%d", rep.Discarded)
		}
	}
	if g := c.Expect.Guarantee(c.Strategy); g != lab.Plain {
		s += " +" + string(g)
	}
	return s
}

// SharesLegend explains the marks of Shares.
const SharesLegend = "≡njs n publishes JetStream absorbed by message id (the producer's share) · ≡nin n deliveries shipping absorbed ·\n" +
	"↷n stale changes shipping discarded · +inbox, +versioned: shipping's guarantee (the consumer's share); none: plain"
