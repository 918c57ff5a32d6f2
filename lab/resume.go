package lab

import (
	"context"
	"fmt"
	"github.com/dualwrite/dualwrite/words"
	"time"

	"github.com/dualwrite/dualwrite/trace"
)

// Resume finishes a run kept with --db that was killed before it ended, as a
// process is killed with kill -9: it opens the same SQLite files (SQLite
// recovers them from their WAL) and the same broker store (JetStream
// recovers its file store), starts the service, its worker and the consumer
// again, runs recovery and judges from the stores. What the callers were told
// comes from the run's journal; a call that was under way when the process
// died got no answer. cfg names the strategy of the run (see ReadHeader),
// with Dir, and NATSURL if the run used one.
func Resume(ctx context.Context, cfg Config) (*Run, error) {
	if _, ok := cfg.Strategy.(TwoPhase); ok {
		return nil, inputErrorf("cannot resume a %s run: its prepared transactions lived in the killed process, so there is nothing honest to finish", cfg.Name)
	}
	if _, ok := cfg.Strategy.(Racer); ok {
		return nil, inputErrorf("cannot resume a %s run: its interleaving is scripted in the process that was killed", cfg.Name)
	}
	if cfg.Dir == "" {
		return nil, inputErrorf("resume needs --db DIR: the directory of the killed run")
	}
	rec, err := readCallerJournal(cfg.Dir)
	if err != nil {
		return nil, err
	}
	if rec.header.Consumers > 1 {
		return nil, inputErrorf("cannot resume a run with --consumers %d: the lab resumes one shipping instance's unacked message, not several", rec.header.Consumers)
	}
	// The killed run's switches: its bound on deliveries, shipping's
	// guarantee, the caller's retries and key.
	cfg.MaxDeliver = rec.header.MaxDeliver
	cfg.Consumer, cfg.Retry, cfg.IdempotencyKey = rec.header.Guarantee, rec.header.Retry, rec.header.IdempotencyKey
	if rec.ended {
		return nil, inputErrorf("nothing to resume in --db %s: its run was judged already", cfg.Dir)
	}
	cfg.Resume, cfg.Fresh = true, false
	r, err := open(ctx, cfg, &rec)
	if err != nil {
		return nil, err
	}
	r.trace.Add(trace.Event{Actor: trace.Lab, Step: "resume",
		Detail: fmt.Sprintf("the run in %s was killed at +%s on the lab's clock: SQLite and JetStream recovered their files, the service, its worker and shipping start again; %s had their answer, the rest got none",
			r.dir, ms(rec.clock), words.Count(answered(rec), "call", "calls"))})
	// What the broker stored and shipping acked before the kill is what the
	// stream and the consumer say now.
	info, err := r.js.Consumer(ctx, r.names.stream, r.names.consumer)
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("read shipping's consumer: %w", err)
	}
	ci := info.CachedInfo()
	st, err := r.js.Stream(ctx, r.names.stream)
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("read the stream: %w", err)
	}
	raise(&r.lastStored, st.CachedInfo().State.LastSeq)
	raise(&r.acked, ci.AckFloor.Stream)
	// Whatever shipping held unacked when the process died is pending in
	// JetStream, with no live consumer holding it. The journal knows its ack
	// subject, unless the kill came between the delivery and the journal's
	// line; then the subject is made from what the consumer says.
	if ci.NumAckPending > 0 {
		f := rec.inflight
		if f.seq != ci.Delivered.Stream {
			f = inflight{seq: ci.Delivered.Stream, reply: fmt.Sprintf("$JS.ACK.%s.%s.1.%d.%d.0.0", r.names.stream, r.names.consumer, ci.Delivered.Stream, ci.Delivered.Consumer)}
		}
		r.setInflight(f)
		r.redeliverLater()
	}
	return r, nil
}

// resumeFrom takes over what the killed run's journal says: its names on the
// broker, its clock, and what its callers were told.
func (r *Run) resumeFrom(rec *recovered) {
	h := rec.header
	r.names = names{stream: h.Stream, consumer: h.Consumer, bucket: h.Bucket, staged: h.Staged, prefix: h.Prefix}
	r.epoch = time.Unix(0, h.Epoch)
	r.sched.now, r.killedAt = rec.clock, rec.clock
	r.hist = rec.hist
}

func answered(rec recovered) int {
	n := 0
	for _, a := range rec.hist.Attempts {
		if a.Outcome != "unknown" {
			n++
		}
	}
	return n
}
