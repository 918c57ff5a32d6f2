package main

import (
	"fmt"
	"io"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
)

// writePoison writes what a poison event holds up: orders parked in the
// dead-letter stream, or a stream blocked behind it.
func writePoison(w io.Writer, v check.Verdict) {
	for _, p := range v.Parked {
		fmt.Fprintf(w, "  ⊘ %-9s %s\n", "parked", p.Explanation)
	}
	if b := v.Blocked; b != nil {
		fmt.Fprintf(w, "  ⏸ %-9s %s\n", "blocked", b.Explanation)
	}
}

const maxDeliverUsage = "deliver one message at most `N` times, then park it in the dead-letter stream (0: no bound; a poison event blocks the stream)"

func checkMaxDeliver(n int) error {
	if n < 0 || n > lab.MaxDeliverLimit {
		return usagef("bad --max-deliver %d: it must be from 1 to %d (or 0: no bound)", n, lab.MaxDeliverLimit)
	}
	return nil
}

// maxDeliverRow is the switch's row in `dualwrite list`.
const maxDeliverRow = "Switch --max-deliver N (run, tui, lesson): JetStream delivers one message at most N times (1 to 20); then the lab parks it in the dead-letter stream (0, the default: no bound, a poison event blocks the stream)"
