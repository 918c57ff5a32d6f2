package lab

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Snapshot is what the stores of a run really hold at one moment, read back
// from SQLite and JetStream through the lab's own handles. The UI renders it
// and keeps no copy of its own.
type Snapshot struct {
	Orders    []SnapshotOrder
	Outbox    []SnapshotOutbox
	Stream    SnapshotStream
	Consumer  SnapshotConsumer
	Shipments []SnapshotShipment
	Inbox     int // message ids in shipping's inbox table

	// What a strategy adds to the world, found rather than known: the other
	// tables of orders.db (a change log), other databases in the run's
	// directory (a coordinator's log), other streams (staged messages) and
	// key-value buckets (a connector's offset).
	Tables  []SnapshotTable
	Streams []SnapshotStream
	KV      []SnapshotKey

	BrokerUp bool
	// Generations of the instances: 1 for the first, 2 after the first restart.
	ServiceGen  int
	ConsumerGen int
	// Served is where the nats CLI reaches the embedded broker (--listen),
	// without credentials; "" when no port is open.
	Served string
}

// SnapshotOrder is a row of the service's orders table.
type SnapshotOrder struct {
	ID      string
	Item    string
	Amount  int // cents
	Status  string
	Version int
}

// SnapshotOutbox is a row of the service's outbox table.
type SnapshotOutbox struct {
	ID       int64
	Subject  string
	Order    string // from the payload, "" if it cannot be read
	Version  int
	Attempts int
	Sent     bool
}

// SnapshotTable is a table a strategy adds, as text.
type SnapshotTable struct {
	Name    string // "orders.db · changelog"
	Columns []string
	Rows    [][]string // the last SnapshotMaxMsgs rows, oldest first
	Total   int
}

// SnapshotKey is one key of a JetStream key-value bucket.
type SnapshotKey struct {
	Bucket, Key, Value string
}

// SnapshotStream is a JetStream stream as the broker holds it.
type SnapshotStream struct {
	Name string
	// Down is why the stream could not be read ("" when it was): the broker
	// is stopped, or did not answer in time. The messages are still on disk.
	Down  string
	Total uint64 // messages in the stream
	First uint64
	Last  uint64
	Msgs  []SnapshotMsg // the last SnapshotMaxMsgs messages at most, oldest first
}

// SnapshotMsg is one stored message.
type SnapshotMsg struct {
	Seq     uint64
	Subject string
	MsgID   string // the Nats-Msg-Id header, "" if none
	Order   string // from the payload
	Type    string
	Version int
}

// SnapshotConsumer is the shipping consumer as JetStream tracks it.
type SnapshotConsumer struct {
	Known       bool   // false when the broker could not be asked
	Delivered   uint64 // the last stream sequence delivered
	AckFloor    uint64 // every sequence up to here is acked
	Pending     uint64 // not yet delivered
	AckPending  int    // delivered and not yet acked
	Redelivered int
}

// SnapshotShipment is shipping's belief about one order.
type SnapshotShipment struct {
	Order   string
	Status  string // of the last shipment row
	Version int    // the highest applied
	Count   int    // shipment rows: more than one is a double shipment
}

// SnapshotMaxMsgs bounds how many stream messages a snapshot reads.
const SnapshotMaxMsgs = 50

// Snapshot reads the stores. Call it between steps, never during one. A
// broker that is down is reported in the snapshot, not as an error.
func (r *Run) Snapshot(ctx context.Context) (Snapshot, error) {
	s := Snapshot{BrokerUp: r.broker.Up()}
	if sv, ok := r.Serving(); ok {
		s.Served = sv.URL
	}
	r.mu.Lock()
	if r.svc != nil {
		s.ServiceGen = r.svc.gen
	}
	if r.consumer != nil {
		s.ConsumerGen = r.consumer.gen
	}
	r.mu.Unlock()
	var err error
	if s.Orders, err = r.snapOrders(ctx); err != nil {
		return s, err
	}
	if s.Outbox, err = r.snapOutbox(ctx); err != nil {
		return s, err
	}
	if s.Shipments, s.Inbox, err = r.snapShipping(ctx); err != nil {
		return s, err
	}
	s.Stream, s.Consumer = r.snapStream(ctx, s.BrokerUp)
	if s.Tables, err = r.snapTables(ctx); err != nil {
		return s, err
	}
	if s.BrokerUp && s.Stream.Down == "" {
		s.Streams, s.KV = r.snapOthers(ctx)
	}
	return s, nil
}

func (r *Run) snapOrders(ctx context.Context) ([]SnapshotOrder, error) {
	rs, err := r.orders.QueryContext(ctx, `SELECT id, item, amount, status, version FROM orders ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	defer rs.Close()
	var out []SnapshotOrder
	for rs.Next() {
		var o SnapshotOrder
		if err := rs.Scan(&o.ID, &o.Item, &o.Amount, &o.Status, &o.Version); err != nil {
			return nil, fmt.Errorf("read orders: %w", err)
		}
		out = append(out, o)
	}
	return out, rs.Err()
}

func (r *Run) snapOutbox(ctx context.Context) ([]SnapshotOutbox, error) {
	rs, err := r.orders.QueryContext(ctx, `SELECT id, subject, payload, attempts, sent IS NOT NULL FROM outbox ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rs.Close()
	var out []SnapshotOutbox
	for rs.Next() {
		var o SnapshotOutbox
		var payload []byte
		if err := rs.Scan(&o.ID, &o.Subject, &payload, &o.Attempts, &o.Sent); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		var ev Event
		if json.Unmarshal(payload, &ev) == nil {
			o.Order, o.Version = ev.Order, ev.Version
		}
		out = append(out, o)
	}
	return out, rs.Err()
}

func (r *Run) snapShipping(ctx context.Context) ([]SnapshotShipment, int, error) {
	rs, err := r.ship.QueryContext(ctx, `SELECT order_id,
		(SELECT status FROM shipments l WHERE l.order_id = s.order_id ORDER BY id DESC LIMIT 1),
		max(version), count(*)
		FROM shipments s GROUP BY order_id ORDER BY min(id)`)
	if err != nil {
		return nil, 0, fmt.Errorf("read shipments: %w", err)
	}
	defer rs.Close()
	var out []SnapshotShipment
	for rs.Next() {
		var s SnapshotShipment
		if err := rs.Scan(&s.Order, &s.Status, &s.Version, &s.Count); err != nil {
			return nil, 0, fmt.Errorf("read shipments: %w", err)
		}
		out = append(out, s)
	}
	if err := rs.Err(); err != nil {
		return nil, 0, err
	}
	var inbox int
	if err := r.ship.QueryRowContext(ctx, `SELECT count(*) FROM inbox`).Scan(&inbox); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, 0, fmt.Errorf("read inbox: %w", err)
	}
	return out, inbox, nil
}

// snapStream reads the stream's last messages and the consumer's position.
// Each request is bounded so a broker that is going away cannot hang the UI.
func (r *Run) snapStream(ctx context.Context, up bool) (SnapshotStream, SnapshotConsumer) {
	var st SnapshotStream
	var cs SnapshotConsumer
	if !up {
		st.Name, st.Down = r.names.stream, "the broker is down: the stream is kept on disk, but nobody can read it now"
		return st, cs
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	st = r.readStream(ctx, r.names.stream)
	if st.Down != "" {
		return st, cs
	}
	cons, err := r.js.Consumer(ctx, r.names.stream, r.names.consumer)
	if err != nil {
		return st, cs
	}
	ci := cons.CachedInfo()
	cs = SnapshotConsumer{Known: true, Delivered: ci.Delivered.Stream, AckFloor: ci.AckFloor.Stream,
		Pending: ci.NumPending, AckPending: ci.NumAckPending, Redelivered: ci.NumRedelivered}
	return st, cs
}

// readStream reads a stream's last messages.
func (r *Run) readStream(ctx context.Context, name string) SnapshotStream {
	st := SnapshotStream{Name: name}
	stream, err := r.js.Stream(ctx, name)
	if err != nil {
		st.Down = "JetStream did not answer: " + err.Error()
		return st
	}
	info := stream.CachedInfo()
	st.Total, st.First, st.Last = info.State.Msgs, info.State.FirstSeq, info.State.LastSeq
	from := st.First
	if st.Last >= SnapshotMaxMsgs && st.Last-SnapshotMaxMsgs+1 > from {
		from = st.Last - SnapshotMaxMsgs + 1
	}
	for seq := from; st.Total > 0 && seq <= st.Last; seq++ {
		raw, err := stream.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			st.Down = fmt.Sprintf("JetStream stopped answering at seq %d: %v", seq, err)
			break
		}
		m := SnapshotMsg{Seq: raw.Sequence, Subject: raw.Subject, MsgID: raw.Header.Get(jetstream.MsgIDHeader)}
		var ev Event
		if json.Unmarshal(raw.Data, &ev) == nil {
			m.Order, m.Type, m.Version = ev.Order, ev.Type, ev.Version
		}
		st.Msgs = append(st.Msgs, m)
	}
	return st
}

// snapOthers reads the run's streams other than the orders stream, and its
// key-value buckets. On a server of its own every stream is the run's; on a
// shared one (--nats-url) only those named with the run's id.
func (r *Run) snapOthers(ctx context.Context) ([]SnapshotStream, []SnapshotKey) {
	own := strings.TrimSuffix(r.names.prefix, ".")
	ours := func(n string) bool { return own == "" || strings.HasPrefix(n, own+"_") }
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var names []string
	lister := r.js.StreamNames(ctx)
	for n := range lister.Name() {
		names = append(names, n)
	}
	sort.Strings(names)
	var streams []SnapshotStream
	var keys []SnapshotKey
	for _, n := range names {
		bucket, isKV := strings.CutPrefix(n, "KV_")
		switch {
		case n == r.names.stream:
		case isKV && ours(bucket):
			keys = append(keys, r.readBucket(ctx, bucket)...)
		case !isKV && ours(n):
			streams = append(streams, r.readStream(ctx, n))
		}
	}
	return streams, keys
}

func (r *Run) readBucket(ctx context.Context, bucket string) []SnapshotKey {
	kv, err := r.js.KeyValue(ctx, bucket)
	if err != nil {
		return nil
	}
	ks, err := kv.Keys(ctx)
	if err != nil {
		return nil
	}
	sort.Strings(ks)
	var out []SnapshotKey
	for _, k := range ks {
		e, err := kv.Get(ctx, k)
		if err != nil {
			continue
		}
		out = append(out, SnapshotKey{Bucket: bucket, Key: k, Value: string(e.Value())})
	}
	return out
}

// snapTables reads the tables a strategy adds to orders.db and the other
// databases in the run's directory.
func (r *Run) snapTables(ctx context.Context) ([]SnapshotTable, error) {
	skip := []string{"orders", "outbox", "history"}
	if !r.cfg.IdempotencyKey {
		skip = append(skip, "idempotency") // shown only when the caller sends keys
	}
	out, err := readTables(ctx, r.orders, "orders.db", skip...)
	if err != nil {
		return nil, err
	}
	paths, _ := filepath.Glob(filepath.Join(r.dir, "*.db"))
	sort.Strings(paths)
	for _, p := range paths {
		name := filepath.Base(p)
		if name == "orders.db" || name == "shipping.db" {
			continue
		}
		db, err := sql.Open("sqlite3", "file:"+p+"?mode=ro&_busy_timeout=1000")
		if err != nil {
			continue
		}
		ts, err := readTables(ctx, db, name)
		db.Close()
		if err != nil {
			continue // another process's file, or one being written: not ours to fail on
		}
		out = append(out, ts...)
	}
	return out, nil
}

func readTables(ctx context.Context, db *sql.DB, file string, skip ...string) ([]SnapshotTable, error) {
	rs, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list the tables of %s: %w", file, err)
	}
	var names []string
	for rs.Next() {
		var n string
		if err := rs.Scan(&n); err != nil {
			rs.Close()
			return nil, err
		}
		if !slices.Contains(skip, n) {
			names = append(names, n)
		}
	}
	rs.Close()
	var out []SnapshotTable
	for _, n := range names {
		t, err := readTable(ctx, db, file, n)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func readTable(ctx context.Context, db *sql.DB, file, name string) (SnapshotTable, error) {
	t := SnapshotTable{Name: file + " · " + name}
	quoted := `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+quoted).Scan(&t.Total); err != nil {
		return t, fmt.Errorf("count %s: %w", t.Name, err)
	}
	rs, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT * FROM %s ORDER BY rowid DESC LIMIT %d`, quoted, SnapshotMaxMsgs))
	if err != nil {
		return t, fmt.Errorf("read %s: %w", t.Name, err)
	}
	defer rs.Close()
	if t.Columns, err = rs.Columns(); err != nil {
		return t, err
	}
	for rs.Next() {
		vals := make([]any, len(t.Columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return t, err
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				row[i] = "NULL"
			case []byte:
				row[i] = string(v)
			default:
				row[i] = fmt.Sprint(v)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	slices.Reverse(t.Rows)
	return t, rs.Err()
}
