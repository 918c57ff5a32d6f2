package tui

import (
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/trace"
)

// sayFleet narrates the steps of several shipping instances and of a replay
// of dead letters, from their typed fields.
func sayFleet(e trace.Event) (string, bool) {
	switch {
	case e.Actor == trace.Lab && e.Step == "fleet" && strings.Contains(e.Detail, "partition"):
		return "Shipping runs as several instances, one per partition of the order ids: each order's events stay in one partition, in order.", true
	case e.Actor == trace.Lab && e.Step == "fleet":
		return "Shipping runs as several instances on one durable consumer: several events are out at once, and whoever is done first applies first.", true
	case e.Actor == trace.Consumer && e.Step == "take":
		return fmt.Sprintf("A shipping instance takes seq %d (%s v%d) and works on it a while, on the lab's clock; the other instances take the next events meanwhile.", e.Seq, e.Order, e.Version), true
	case e.Actor == trace.Lab && e.Step == "replay":
		return fmt.Sprintf("The lab replays a dead letter: %s v%d goes back on the orders stream as seq %d, with the fault lifted.", e.Order, e.Version, e.Seq), true
	}
	return "", false
}
