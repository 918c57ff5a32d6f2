package main

import "github.com/dualwrite/dualwrite/lab"

const (
	consumersUsage  = "run shipping as `N` instances on one durable consumer, N messages out at once (1 to 8)"
	partitionsUsage = "map subjects to `N` partitions by order id, one in-order shipping instance each (1 to 8, with --consumers N; 0: none)"
)

// checkFleet bounds --consumers and --partitions.
func checkFleet(consumers, partitions int) error {
	if consumers < 1 || consumers > lab.FleetLimit {
		return usagef("bad --consumers %d: it must be from 1 to %d", consumers, lab.FleetLimit)
	}
	if partitions < 0 || partitions > lab.FleetLimit {
		return usagef("bad --partitions %d: it must be from 1 to %d (or 0: no partitions)", partitions, lab.FleetLimit)
	}
	if partitions > 0 && consumers != partitions {
		return usagef("--partitions %d runs one in-order consumer per partition: give --consumers %d too", partitions, partitions)
	}
	return nil
}

// The switches' rows in `dualwrite list`.
const (
	consumersRow  = "Switch --consumers N (run, tui, lesson): N shipping instances (1 to 8) share one durable consumer with MaxAckPending N; events of one order can apply out of order (reordered)"
	partitionsRow = "Switch --partitions N (run, tui, lesson; with --consumers N): subjects mapped to N partitions by order id (NATS partition(N, ...)), one in-order consumer per partition: in order per order again"
)
