package tui

import (
	"fmt"

	"github.com/dualwrite/dualwrite/trace"
)

// sayPoison narrates the steps of a poison event, from their typed fields:
// the refused apply, the backoff, the last nak, JetStream's advisory and the
// park in the dead-letter stream.
func sayPoison(e trace.Event) (string, bool) {
	switch {
	case e.Actor == trace.Consumer && e.Step == "apply" && e.Outcome == "poison":
		return fmt.Sprintf("Shipping cannot apply %s v%d, on this delivery or any other: it is poison. Nothing of it is in shipping.db, and every event behind it waits.", e.Order, e.Version), true
	case e.Actor == trace.Consumer && e.Step == "backoff":
		return fmt.Sprintf("Shipping keeps seq %d a while before it hands it back, so a poison event does not spin: the backoff runs on the lab's clock.", e.Seq), true
	case e.Actor == trace.Consumer && e.Step == "nak":
		return fmt.Sprintf("Shipping hands seq %d back for the last time: MaxDeliver is reached, so JetStream will give it up.", e.Seq), true
	case e.Actor == trace.NATS && e.Step == "advisory":
		return fmt.Sprintf("JetStream gives seq %d up and says so in its max-deliveries advisory. The events behind it flow again.", e.Seq), true
	case e.Actor == trace.Lab && e.Step == "park":
		return fmt.Sprintf("The dead-letter handler heard the advisory and parks seq %d (%s v%d) in the dead-letter stream: parked, not lost.", e.Seq, e.Order, e.Version), true
	}
	return "", false
}
