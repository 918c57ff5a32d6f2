package scenarios

import (
	"fmt"

	"github.com/dualwrite/dualwrite/lab"
)

// poisonMismatch compares what a poison event held up with the expectation.
func poisonMismatch(want Outcome, rep *lab.Report) []string {
	var diffs []string
	if got := len(rep.Parked); got != want.Parked {
		diffs = append(diffs, fmt.Sprintf("parked %d, want %d", got, want.Parked))
	}
	if got := rep.Blocked != nil; got != want.Blocked {
		diffs = append(diffs, fmt.Sprintf("blocked %t, want %t", got, want.Blocked))
	}
	return diffs
}

// poisonWords says what the outcome expects a poison event to hold up.
func (o Outcome) poisonWords() []string {
	var parts []string
	if o.Parked > 0 {
		parts = append(parts, fmt.Sprintf("parked %d", o.Parked))
	}
	if o.Blocked {
		parts = append(parts, "blocked")
	}
	return parts
}
