package lab

import (
	"testing"

	"github.com/dualwrite/dualwrite/faults"
)

// A strike's sentence names its actor once: "the relay crashed after it
// published the row", not "after the relay published the row".
func TestStrikeTextNamesItsActorOnce(t *testing.T) {
	got := strikeText("relay", "relay.after-publish", faults.Decision{Action: faults.Crash},
		"after the relay published the row and before it marked it sent")
	want := "the relay crashed after it published the row and before it marked it sent (relay.after-publish)"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	// Another actor's name in the point's words stays.
	got = strikeText("service", "relay.after-publish", faults.Decision{Action: faults.Crash},
		"after the relay published the row and before it marked it sent")
	want = "the service crashed after the relay published the row and before it marked it sent (relay.after-publish)"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
