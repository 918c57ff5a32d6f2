package lab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/trace"
)

// Replay opens a run kept with --db that ended with orders parked in its
// dead-letter stream, puts every dead letter back on the orders stream, on
// the subject it came from, and returns the run ready to Finish: shipping
// applies them, recovery settles, and the verdict is read again from the
// stores. The faults of the run are not armed again: a replay is what one
// does once the cause is fixed. It returns how many messages it replayed.
func Replay(ctx context.Context, cfg Config) (*Run, int, error) {
	if cfg.Dir == "" {
		return nil, 0, inputErrorf("replay needs --db DIR: the directory of a run kept with --db")
	}
	if _, err := os.Stat(filepath.Join(cfg.Dir, journalFile)); errors.Is(err, fs.ErrNotExist) {
		return nil, 0, inputErrorf("cannot replay --db %s: it holds no kept run (keep one with `dualwrite run STRATEGY --max-deliver N --db DIR`)", cfg.Dir)
	}
	rec, err := readCallerJournal(cfg.Dir)
	if err != nil {
		return nil, 0, err
	}
	if !rec.ended {
		return nil, 0, inputErrorf("cannot replay --db %s: its run has not ended (it is still running, or it was killed: `dualwrite resume --db %s` finishes it)", cfg.Dir, cfg.Dir)
	}
	if rec.header.MaxDeliver == 0 {
		return nil, 0, inputErrorf("no dead letters in --db %s: its run had no --max-deliver, so nothing was ever parked", cfg.Dir)
	}
	cfg.Faults, cfg.MaxDeliver, cfg.Resume, cfg.Fresh = nil, rec.header.MaxDeliver, true, false
	r, err := open(ctx, cfg, &rec)
	if err != nil {
		return nil, 0, err
	}
	r.killedAt = -1 // the run ended; nothing was killed
	n, err := r.replayDeadLetters(ctx)
	if err == nil && n == 0 {
		err = inputErrorf("no dead letters in --db %s: the dead-letter stream %s is empty", cfg.Dir, r.names.deadLetters())
	}
	if err != nil {
		r.Close()
		return nil, 0, err
	}
	return r, n, nil
}

// replayDeadLetters moves each message of the dead-letter stream back to the
// orders stream and removes it from the dead letters.
func (r *Run) replayDeadLetters(ctx context.Context) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, ackSafety)
	defer cancel()
	st, err := r.js.Stream(ctx, r.names.stream)
	if err != nil {
		return 0, err
	}
	raise(&r.lastStored, st.CachedInfo().State.LastSeq)
	if ci, err := r.js.Consumer(ctx, r.names.stream, r.names.consumer); err == nil {
		raise(&r.acked, ci.CachedInfo().AckFloor.Stream)
	}
	dead, err := r.js.Stream(ctx, r.names.deadLetters())
	if err != nil {
		return 0, fmt.Errorf("open the dead-letter stream %s: %w", r.names.deadLetters(), err)
	}
	info := dead.CachedInfo().State
	n := 0
	for seq := info.FirstSeq; info.Msgs > 0 && seq <= info.LastSeq; seq++ {
		raw, err := dead.GetMsg(ctx, seq)
		if err != nil {
			continue // removed already
		}
		orig, _ := strconv.ParseUint(raw.Header.Get(hdrDeadSeq), 10, 64)
		out := nats.NewMsg(raw.Header.Get(hdrDeadSubject))
		out.Data = raw.Data
		// A new message id: the broker's duplicate window still holds the
		// original one and would drop the replay.
		out.Header.Set(jetstream.MsgIDHeader, fmt.Sprintf("replay-%d", orig))
		ack, err := r.js.PublishMsg(ctx, out)
		if err != nil {
			return n, fmt.Errorf("replay dead letter %d: %w", seq, err)
		}
		if err := dead.DeleteMsg(ctx, seq); err != nil {
			return n, fmt.Errorf("remove replayed dead letter %d: %w", seq, err)
		}
		raise(&r.lastStored, ack.Sequence)
		var ev Event
		_ = json.Unmarshal(raw.Data, &ev)
		r.trace.Add(trace.Event{Actor: trace.Lab, Target: trace.NATS, Step: "replay", Order: ev.Order, Version: ev.Version, Seq: ack.Sequence,
			Detail: fmt.Sprintf("replay %s: dead letter %d (seq %d of the orders stream, given up after %s deliveries) is published again on %s as seq %d and removed from %s",
				ev, seq, orig, raw.Header.Get(hdrDeadDeliveries), out.Subject, ack.Sequence, r.names.deadLetters())})
		n++
	}
	r.sched.wakeUp(r.consumerActor())
	return n, nil
}
