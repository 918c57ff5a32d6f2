package scenarios

import (
	"fmt"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
)

// CallerPoints are the fault points of the service's reply to its caller, in
// every strategy.
var CallerPoints = []faults.Point{
	{Name: lab.ReplyPoint, Kind: faults.Reply, Means: "at the service's reply to its caller, after it handled the request"},
}

// callerColumn names the caller's switches of an expectation in its column.
func (e Expectation) callerColumn() string {
	s := ""
	if e.Retry > 0 {
		s += fmt.Sprintf(", retry %d", e.Retry)
	}
	if e.IdempotencyKey {
		s += ", key"
	}
	return s
}
