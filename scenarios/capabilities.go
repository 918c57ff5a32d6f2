package scenarios

import "github.com/dualwrite/dualwrite/lab"

// What each strategy offers the lab beyond Handle. The lab finds these by
// type assertion at run time, so a misspelled method would silently switch a
// capability off; these lines make it a compile error instead.
var (
	_ lab.Worker = outbox{}
	_ lab.Worker = outboxDedup{}
	_ lab.Worker = cdc{}
	_ lab.Worker = cdcPolling{}
	_ lab.Worker = twoPhase{}
	_ lab.Worker = outboxCDC{}

	_ lab.Idempotent = outboxDedup{}
	_ lab.Idempotent = cdc{}
	_ lab.Idempotent = outboxCDC{}

	_ lab.Capture = cdc{}
	_ lab.Capture = cdcPolling{}
	_ lab.Schemer = cdc{}
	_ lab.Blind   = cdcPolling{}
	_ lab.Capture = outboxCDC{}
	_ lab.Schemer = outboxCDC{}

	_ lab.Retrier  = twoPhase{}
	_ lab.TwoPhase = twoPhase{}
	_ lab.Racer    = race{}
	_ lab.Racer    = raceOCC{}
)
