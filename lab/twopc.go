package lab

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/trace"
)

// A SIMULATED two-phase commit. Neither SQLite nor NATS has a prepare phase
// (NATS, like Kafka, can't hold a message in doubt), so the lab plays both
// participants:
//
//   - SQLite: a transaction kept open after its writes is the prepared state.
//     It holds SQLite's write lock, which locks the whole orders.db, until it is
//     committed or rolled back. It lives outside the service, as a prepared
//     transaction lives in a database server, so it survives a crash of the
//     coordinator (and would not survive one of the lab itself).
//   - NATS: the event is staged on staged.orders.<xid>, in a stream STAGED
//     that shipping does not read, and made visible on commit by publishing it
//     on orders.<event> and deleting the staged copy.
//
// The coordinator runs in the service instance and logs its decisions in its
// own database, coordinator.db.

const (
	coordinatorFile = "coordinator.db"
	xidHeader       = "Dualwrite-Xid"
)

// LockWait is how long, on the lab's clock, a request waits for a lock held
// by an in-doubt transaction before it gives up.
const LockWait = 5 * time.Second

// TwoPhase is a strategy that commits through the lab's simulated two-phase
// commit; the lab sets up its participants and the coordinator's log.
type TwoPhase interface {
	Strategy
	TwoPhase()
}

// Retrier is a strategy whose caller sends a request again, once, when it got
// no answer at all.
type Retrier interface {
	Strategy
	RetriesUnanswered() bool
}

// Decisions in the coordinator's log.
const (
	Started   = "started" // participants asked to prepare, no decision yet
	Committed = "commit"  // the decision to commit: the commit point
	Aborted   = "aborted" // rolled back everywhere
	Done      = "done"    // committed everywhere
)

// twoPC is what outlives a coordinator: the prepared participants and the log.
type twoPC struct {
	db  *sql.DB // participant 1 on orders.db: BEGIN IMMEDIATE, no busy wait
	log *sql.DB // the coordinator's log

	mu       sync.Mutex
	prepared map[string]*Tx  // open transactions by xid: they hold the lock
	calling  map[string]bool // transactions a caller is carrying through right now
	blocked  time.Duration   // how long requests waited on an in-doubt lock
}

const coordinatorSchema = `CREATE TABLE IF NOT EXISTS coordinator_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id    TEXT NOT NULL,
    coordinator INTEGER NOT NULL,   -- the service instance that began it
    decision    TEXT NOT NULL,      -- started, commit, aborted, done
    updated_at  TEXT NOT NULL
);`

func (r *Run) startTwoPC(ctx context.Context) (err error) {
	tp := &twoPC{prepared: map[string]*Tx{}, calling: map[string]bool{}}
	dsn := fmt.Sprintf("file:%s?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=0&_txlock=immediate", filepath.Join(r.dir, "orders.db"))
	if tp.db, err = sql.Open("sqlite3", dsn); err != nil {
		return err
	}
	if tp.log, err = openSQLite(filepath.Join(r.dir, coordinatorFile), coordinatorSchema, nil, lockWait); err != nil {
		tp.db.Close()
		return err
	}
	r.tp = tp
	_, err = ensureStream(ctx, r.js, tagged(jetstream.StreamConfig{
		Name: r.names.staged, Subjects: []string{r.names.prefix + "staged.orders.>"}, Storage: r.storage(),
		Replicas: r.replicas(),
	}))
	if err != nil {
		return fmt.Errorf("create stream %s: %w", r.names.staged, err)
	}
	r.trace.Add(trace.Event{Actor: trace.Lab, Step: "start", Simulated: true,
		Detail: "SIMULATED two-phase commit: NATS, like Kafka, has no prepare phase. SQLite plays a prepared transaction by keeping it open (holding its write lock); " +
			"JetStream plays a prepared message by staging it on staged.orders.<xid> (stream STAGED, which shipping does not read); the coordinator logs to " + coordinatorFile})
	return nil
}

func (tp *twoPC) close() {
	tp.mu.Lock()
	for _, tx := range tp.prepared {
		tx.tx.Rollback()
	}
	clear(tp.prepared)
	tp.mu.Unlock()
	tp.db.Close()
	tp.log.Close()
}

func (tp *twoPC) blockedMs() float64 {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return float64(tp.blocked.Microseconds()) / 1000
}

// unfinished counts the transactions the coordinator's log shows begun or
// decided and not yet finished: recovery is not over while there are any.
func (tp *twoPC) unfinished(ctx context.Context) int {
	var n int
	if err := tp.log.QueryRowContext(ctx, `SELECT count(*) FROM coordinator_log WHERE decision IN (?, ?)`, Started, Committed).Scan(&n); err != nil {
		return 1
	}
	return n
}

// noteInDoubt says what a crash of the coordinator leaves behind.
func (r *Run) noteInDoubt() {
	if r.tp == nil {
		return
	}
	for xid, tx := range r.tp.preparedByID() {
		r.trace.Add(trace.Event{Actor: trace.SQLite, Step: "in doubt", Order: tx.order, Simulated: true,
			Detail: fmt.Sprintf("SIMULATED: %s stays prepared without its coordinator: its open transaction keeps orders.db locked, its event waits in %s", xid, r.names.staged)})
	}
}

func (tp *twoPC) preparedByID() map[string]*Tx {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	out := make(map[string]*Tx, len(tp.prepared))
	for k, v := range tp.prepared {
		out[k] = v
	}
	return out
}

// Global is one distributed transaction as the coordinator sees it.
type Global struct {
	s        *Service
	ID       string // "x-1"
	Order    string
	decision string
}

// Decision is what the coordinator's log says of the transaction.
func (g *Global) Decision() string { return g.decision }

func (s *Service) twoPC() *twoPC {
	if s.run.tp == nil {
		panic("lab: a two-phase commit outside a TwoPhase strategy")
	}
	return s.run.tp
}

func (s *Service) coordinatorNote(ctx context.Context, target, step, detail, order string) {
	s.run.trace.Add(trace.Event{Actor: "coordinator", Target: target, Step: step, Detail: detail, Order: order})
}

// BeginGlobal starts a distributed transaction for order: the coordinator
// logs it before it asks anyone to prepare.
func (s *Service) BeginGlobal(ctx context.Context, order string) (*Global, error) {
	s.step(ctx, "log", order)
	res, err := s.twoPC().log.ExecContext(ctx, `INSERT INTO coordinator_log (order_id, coordinator, decision, updated_at) VALUES (?, ?, ?, ?)`,
		order, s.gen, Started, s.run.stamp())
	if err != nil {
		return nil, fmt.Errorf("log the transaction of %s: %w", order, err)
	}
	id, _ := res.LastInsertId()
	g := &Global{s: s, ID: fmt.Sprintf("x-%d", id), Order: order, decision: Started}
	s.twoPC().setCalling(g.ID, true)
	s.coordinatorNote(ctx, coordinatorFile, "log", fmt.Sprintf("%s begins for %s: logged as %s", g.ID, order, Started), order)
	return g, nil
}

// PrepareDB is phase 1 at SQLite: BEGIN, write, and keep the transaction open.
// While another transaction holds the lock, the request waits.
func (g *Global) PrepareDB(ctx context.Context, r Request) (Event, error) {
	s, tp := g.s, g.s.twoPC()
	a := s.step(ctx, "begin", r.Order)
	var sqlTx *sql.Tx
	waitedFrom := time.Duration(-1) // on the lab's clock
	for {
		var err error
		sqlTx, err = tp.db.BeginTx(ctx, nil)
		if err == nil {
			break
		}
		var se sqlite3.Error
		if !errors.As(err, &se) || se.Code != sqlite3.ErrBusy {
			return Event{}, fmt.Errorf("begin: %w", err)
		}
		now := s.run.sched.clock()
		if waitedFrom < 0 {
			waitedFrom = now
			s.emit(ctx, trace.SQLite, "wait", fmt.Sprintf("BEGIN IMMEDIATE: database is locked by %s, prepared and in doubt: %s waits", tp.holders(), r.Order), r.Order)
		}
		if now-waitedFrom > LockWait {
			tp.addBlocked(now - waitedFrom)
			s.emit(ctx, trace.SQLite, "wait", fmt.Sprintf("%s gave up after waiting %s for the lock", r.Order, LockWait), r.Order)
			return Event{}, fmt.Errorf("%s is locked by an in-doubt transaction", r.Order)
		}
		s.Sleep(ctx, 20*time.Millisecond, "wait for the lock")
		a.order = r.Order
	}
	if waitedFrom >= 0 {
		d := s.run.sched.clock() - waitedFrom
		tp.addBlocked(d)
		s.emit(ctx, trace.SQLite, "lock", fmt.Sprintf("%s waited %s for it", r.Order, d.Round(time.Millisecond)), r.Order)
	}
	tx := &Tx{s: s, tx: sqlTx, order: r.Order}
	s.emit(ctx, trace.SQLite, "begin", "BEGIN IMMEDIATE ("+g.ID+")", r.Order)
	ev, err := tx.Save(ctx, r)
	if err != nil {
		sqlTx.Rollback()
		return Event{}, err
	}
	s.step(ctx, "prepare", r.Order)
	tp.mu.Lock()
	tp.prepared[g.ID] = tx
	tp.mu.Unlock()
	s.emitEvent(ctx, trace.Event{Target: trace.SQLite, Step: "prepare", Simulated: true, Order: r.Order,
		Detail: fmt.Sprintf("SIMULATED PREPARE %s: votes yes; the transaction stays open, so orders.db stays locked until the coordinator decides", g.ID)})
	return ev, nil
}

func (tp *twoPC) holders() string {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	for xid := range tp.prepared {
		return xid
	}
	return "another transaction"
}

func (tp *twoPC) addBlocked(d time.Duration) {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	tp.blocked += d
}

// PrepareBroker is phase 1 at NATS: the event is staged where shipping does
// not look.
func (g *Global) PrepareBroker(ctx context.Context, ev Event) error {
	s := g.s
	s.step(ctx, "stage", g.Order)
	msg := nats.NewMsg(g.stagedSubject())
	msg.Data = ev.payload()
	msg.Header.Set(xidHeader, g.ID)
	pctx, cancel := context.WithTimeout(ctx, ackSafety)
	ack, err := s.js.PublishMsg(pctx, msg)
	cancel()
	if err != nil {
		s.run.publishFailed(actorOf(ctx), ev, err, false)
		s.emitEvent(ctx, trace.Event{Target: trace.NATS, Step: "stage", Outcome: "fail", Detail: "staging failed: votes no", Order: g.Order})
		return fmt.Errorf("stage %s: %w", ev, err)
	}
	s.emitEvent(ctx, trace.Event{Target: trace.NATS, Step: "stage", Simulated: true, Seq: ack.Sequence, Order: g.Order,
		Detail: fmt.Sprintf("SIMULATED PREPARE %s: %s staged on %s (%s seq %d): votes yes; shipping does not see it",
			g.ID, ev, g.stagedSubject(), g.s.run.names.staged, ack.Sequence)})
	return nil
}

func (g *Global) stagedSubject() string { return g.s.run.names.prefix + "staged.orders." + g.ID }

// Decide logs the coordinator's decision durably. Logging commit is the
// commit point: from here on the transaction commits, crash or not.
func (g *Global) Decide(ctx context.Context, decision string) error {
	s := g.s
	s.step(ctx, "decide", g.Order)
	if err := g.logDecision(ctx, decision); err != nil {
		return err
	}
	s.coordinatorNote(ctx, coordinatorFile, "decide", fmt.Sprintf("%s: decision %s, logged durably", g.ID, decision), g.Order)
	return nil
}

func (g *Global) logDecision(ctx context.Context, decision string) error {
	var id int64
	fmt.Sscanf(g.ID, "x-%d", &id)
	_, err := g.s.twoPC().log.ExecContext(ctx, `UPDATE coordinator_log SET decision = ?, updated_at = ? WHERE id = ?`, decision, g.s.run.stamp(), id)
	if err != nil {
		return fmt.Errorf("log %s for %s: %w", decision, g.ID, err)
	}
	g.decision = decision
	return nil
}

// Commit is phase 2 after a commit decision: SQLite commits, the staged event
// is published on orders.<event> and its staged copy deleted. It can be
// repeated: what was done already is skipped, and the publish carries the
// xid as Nats-Msg-Id.
func (g *Global) Commit(ctx context.Context) error {
	s, tp := g.s, g.s.twoPC()
	if tx := tp.take(g.ID); tx != nil {
		s.step(ctx, "commit", g.Order)
		err := tx.logHistory(ctx)
		if err == nil {
			err = tx.tx.Commit()
		}
		if err != nil {
			return fmt.Errorf("commit %s: %w", g.ID, err)
		}
		s.emit(ctx, trace.SQLite, "commit", fmt.Sprintf("COMMIT %s: %s durable in orders.db; the lock is released", g.ID, tx.committed()), g.Order)
	}
	staged, err := g.staged(ctx)
	if err != nil {
		return err
	}
	if staged != nil {
		var ev Event
		if err := json.Unmarshal(staged.Data, &ev); err != nil {
			return fmt.Errorf("read the staged event of %s: %w", g.ID, err)
		}
		ev.MsgID = g.ID
		if err := s.Publish(ctx, "coordinator.publish", ev); err != nil {
			return err
		}
		if err := g.unstage(ctx, staged.Sequence); err != nil {
			return err
		}
	}
	if err := g.logDecision(ctx, Done); err != nil {
		return err
	}
	s.coordinatorNote(ctx, coordinatorFile, "log", g.ID+": done", g.Order)
	return nil
}

// Abort rolls back every participant that prepared.
func (g *Global) Abort(ctx context.Context) error {
	s, tp := g.s, g.s.twoPC()
	s.step(ctx, "abort", g.Order)
	if tx := tp.take(g.ID); tx != nil {
		tx.tx.Rollback()
		s.emit(ctx, trace.SQLite, "rollback", fmt.Sprintf("ROLLBACK %s: nothing of %s is kept; the lock is released", g.ID, g.Order), g.Order)
	}
	staged, err := g.staged(ctx)
	if err != nil {
		return err
	}
	if staged != nil {
		if err := g.unstage(ctx, staged.Sequence); err != nil {
			return err
		}
	}
	if err := g.logDecision(ctx, Aborted); err != nil {
		return err
	}
	s.coordinatorNote(ctx, coordinatorFile, "log", g.ID+": aborted", g.Order)
	return nil
}

func (tp *twoPC) take(xid string) *Tx {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	tx := tp.prepared[xid]
	delete(tp.prepared, xid)
	return tx
}

// staged finds the staged event of g, or nil.
func (g *Global) staged(ctx context.Context) (*jetstream.RawStreamMsg, error) {
	st, err := g.s.js.Stream(ctx, g.s.run.names.staged)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", g.s.run.names.staged, err)
	}
	m, err := st.GetLastMsgForSubject(ctx, g.stagedSubject())
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", g.stagedSubject(), err)
	}
	return m, nil
}

func (g *Global) unstage(ctx context.Context, seq uint64) error {
	st, err := g.s.js.Stream(ctx, g.s.run.names.staged)
	if err == nil {
		err = st.DeleteMsg(ctx, seq)
	}
	if err != nil {
		return fmt.Errorf("delete the staged event of %s: %w", g.ID, err)
	}
	g.s.emit(ctx, trace.NATS, "unstage", fmt.Sprintf("delete %s seq %d (%s)", g.s.run.names.staged, seq, g.ID), g.Order)
	return nil
}

// Restarted reports whether this instance replaced one that crashed.
func (s *Service) Restarted() bool { return s.gen > 1 }

func (tp *twoPC) setCalling(xid string, on bool) {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	if on {
		tp.calling[xid] = true
	} else {
		delete(tp.calling, xid)
	}
}

func (tp *twoPC) isCalling(xid string) bool {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return tp.calling[xid]
}

// Done tells the coordinator that the caller is through with the
// transaction, finished or not: what is left of it is the coordinator's.
func (g *Global) Done() { g.s.twoPC().setCalling(g.ID, false) }

// InDoubt reads the coordinator's log for the transactions left unfinished
// that no caller is carrying through any more: begun and never decided (by an
// earlier instance, or by a caller whose abort could not reach a participant),
// or decided to commit with phase 2 not done.
func (s *Service) InDoubt(ctx context.Context) ([]*Global, error) {
	s.step(ctx, "read log", "")
	rs, err := s.twoPC().log.QueryContext(ctx, `SELECT id, order_id, decision FROM coordinator_log
		WHERE decision IN (?, ?) ORDER BY id`, Started, Committed)
	if err != nil {
		return nil, fmt.Errorf("read the coordinator log: %w", err)
	}
	defer rs.Close()
	var out []*Global
	for rs.Next() {
		var id int64
		g := &Global{s: s}
		if err := rs.Scan(&id, &g.Order, &g.decision); err != nil {
			return nil, err
		}
		g.ID = fmt.Sprintf("x-%d", id)
		out = append(out, g)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	out = slices.DeleteFunc(out, func(g *Global) bool { return s.twoPC().isCalling(g.ID) })
	for _, g := range out {
		then := "no decision logged: presumed abort"
		if g.decision == Committed {
			then = "commit logged: commit again"
		}
		s.coordinatorNote(ctx, coordinatorFile, "recover", fmt.Sprintf("the log shows %s for %s in doubt: %s", g.ID, g.Order, then), g.Order)
	}
	return out, nil
}
