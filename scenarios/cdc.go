package scenarios

import (
	"context"
	"strconv"
	"time"

	"github.com/dualwrite/dualwrite/lab"
)

// cdc is log-based change data capture: the service only writes its own table
// and knows nothing of events. Triggers log every row change in the same
// transaction; a connector tails the log from its saved offset.
type cdc struct{}

func (cdc) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Save(ctx, r); err != nil { // the triggers log the change in this transaction
		return err
	}
	if err := tx.Commit(ctx, "commit"); err != nil {
		return err
	}
	s.Point(ctx, "after-commit") // no publish here, and none anywhere in the service
	return nil
}

func (cdc) Schema() string     { return lab.ChangelogSchema }
func (cdc) Capture() string    { return "log" }
func (cdc) WorkerName() string { return "connector" }

// Run is the connector: it resumes after its saved offset, publishes each
// change with the log sequence as message id, then saves the new offset. A
// crash before the save replays from the offset; JetStream absorbs the replay.
func (cdc) Run(ctx context.Context, s *lab.Service) {
	saved, err := s.LoadOffset(ctx, "log")
	for err != nil {
		s.Sleep(ctx, 50*time.Millisecond, "retry")
		saved, err = s.LoadOffset(ctx, "log")
	}
	offset := lab.Offset(saved)
	for {
		changes, err := s.ReadChanges(ctx, offset)
		if err != nil || len(changes) == 0 {
			s.Idle(ctx) // until a commit wakes us, or the poll interval passes
			continue
		}
		for _, ev := range changes {
			s.Point(ctx, "connector.before-publish")
			if err := s.Publish(ctx, "connector.publish", ev); err != nil {
				s.Sleep(ctx, 50*time.Millisecond, "retry")
				break
			}
			s.Point(ctx, "connector.after-publish") // published, offset not yet saved
			if err := s.SaveOffset(ctx, "log", strconv.FormatInt(ev.Change.Seq, 10)); err != nil {
				break
			}
			offset = ev.Change.Seq
		}
	}
}

func (cdc) IdempotentConsumer() bool { return true }
