package scenarios

import (
	"context"
	"time"

	"github.com/dualwrite/dualwrite/lab"
)

// twoPhase is a SIMULATED two-phase commit: a coordinator in the service asks
// SQLite and NATS to prepare, logs its decision, then tells both to commit.
// Neither really has a prepare phase; the lab plays one for each (see
// lab/twopc.go).
type twoPhase struct{}

// coordinatorRestart is how long a crashed coordinator takes to come back and
// read its log. Until then, whatever it prepared stays locked.
const coordinatorRestart = 200 * time.Millisecond

func (twoPhase) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {
	x, err := s.BeginGlobal(ctx, r.Order) // logged before anyone prepares
	if err != nil {
		return err
	}
	defer x.Done() // whatever is left unfinished, the coordinator finishes from its log
	// Phase 1: each participant does its work and promises to commit it.
	ev, err := x.PrepareDB(ctx, r) // BEGIN; INSERT; the transaction stays open, orders.db locked
	if err != nil {
		x.Abort(ctx)
		return err
	}
	if err := x.PrepareBroker(ctx, ev); err != nil { // staged where shipping does not look
		x.Abort(ctx)
		return err
	}
	s.Point(ctx, "coordinator.after-prepare") // both voted yes; nothing is decided yet
	// Phase 2: the decision is logged durably, then carried out everywhere.
	if err := x.Decide(ctx, lab.Committed); err != nil {
		x.Abort(ctx)
		return err
	}
	s.Point(ctx, "coordinator.after-decision") // decided: the transaction will commit, crash or not
	return x.Commit(ctx)                       // COMMIT in SQLite; publish the staged event on orders.<event>
}

// Run is the coordinator's recovery, from the moment it (re)starts and then
// whenever it looks: every transaction its log shows unfinished is finished
// as logged. No decision means abort (presumed abort); a logged commit is
// committed, again and again until it is done.
func (twoPhase) Run(ctx context.Context, s *lab.Service) {
	if s.Restarted() {
		s.Sleep(ctx, coordinatorRestart, "restart")
	}
	for {
		inDoubt, _ := s.InDoubt(ctx)
		for _, x := range inDoubt {
			if x.Decision() == lab.Committed {
				x.Commit(ctx)
			} else {
				x.Abort(ctx)
			}
		}
		s.Idle(ctx)
	}
}

func (twoPhase) WorkerName() string { return "coordinator" }

// RetriesUnanswered: a caller that got no answer asks again.
func (twoPhase) RetriesUnanswered() bool { return true }

func (twoPhase) TwoPhase() {}
