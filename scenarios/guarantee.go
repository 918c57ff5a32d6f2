package scenarios

import "github.com/dualwrite/dualwrite/lab"

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
