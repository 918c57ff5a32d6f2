package scenarios_test

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	_ "github.com/mattn/go-sqlite3"
)

// rawStores is what a kept run's files hold, read with plain SQL and no code
// of the lab or of the checker: the outside auditor's view.
type rawStores struct {
	rows      map[string]rawRow // orders, by id
	history   []rawChange       // by id: commit order
	shipments []rawShipment     // by id
	journal   []rawDelivery     // by id: apply order
	inbox     int               // rows of shipping's inbox
	refusals  int               // rows of shipping's refusals
	replies   []rawReply        // the caller's answers, from DIR/journal
	// inserts are the (order, version) the cdc change log recorded as row
	// inserts: a RowChanged event of one creates a shipment, as OrderPlaced does.
	inserts map[string]bool
}

type rawRow struct {
	status  string
	version int
}

type rawChange struct {
	order, op, state, request string
	version                   int
}

type rawShipment struct {
	order, status string
	version       int
}

type rawDelivery struct {
	order, event, state, msgID string
	version, delivery          int
	seq                        uint64
	applied, discarded         bool
}

type rawReply struct {
	order, op, outcome string
}

// readRawStores opens DIR/orders.db and DIR/shipping.db read-only and reads
// every table the verdict is about.
func readRawStores(dir string) (*rawStores, error) {
	st := &rawStores{rows: map[string]rawRow{}, inserts: map[string]bool{}}
	orders, err := openReadOnly(filepath.Join(dir, "orders.db"))
	if err != nil {
		return nil, err
	}
	defer orders.Close()
	ship, err := openReadOnly(filepath.Join(dir, "shipping.db"))
	if err != nil {
		return nil, err
	}
	defer ship.Close()

	err = each(orders, `SELECT id, status, version FROM orders`, func(rs *sql.Rows) error {
		var id string
		var r rawRow
		if err := rs.Scan(&id, &r.status, &r.version); err != nil {
			return err
		}
		st.rows[id] = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(orders, `SELECT order_id, version, op, state, request FROM history ORDER BY id`, func(rs *sql.Rows) error {
		var c rawChange
		if err := rs.Scan(&c.order, &c.version, &c.op, &c.state, &c.request); err != nil {
			return err
		}
		st.history = append(st.history, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var logged int
	if err := orders.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'changelog'`).Scan(&logged); err != nil {
		return nil, err
	}
	if logged > 0 {
		err = each(orders, `SELECT order_id, version FROM changelog WHERE op = 'insert'`, func(rs *sql.Rows) error {
			var id string
			var ver int
			err := rs.Scan(&id, &ver)
			st.inserts[fmt.Sprintf("%s@%d", id, ver)] = true
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	err = each(ship, `SELECT order_id, status, version FROM shipments ORDER BY id`, func(rs *sql.Rows) error {
		var s rawShipment
		if err := rs.Scan(&s.order, &s.status, &s.version); err != nil {
			return err
		}
		st.shipments = append(st.shipments, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(ship, `SELECT order_id, event, version, state, seq, coalesce(msg_id, ''), delivery, applied, discarded FROM journal ORDER BY id`, func(rs *sql.Rows) error {
		var d rawDelivery
		if err := rs.Scan(&d.order, &d.event, &d.version, &d.state, &d.seq, &d.msgID, &d.delivery, &d.applied, &d.discarded); err != nil {
			return err
		}
		st.journal = append(st.journal, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := ship.QueryRow(`SELECT count(*) FROM inbox`).Scan(&st.inbox); err != nil {
		return nil, fmt.Errorf("count inbox: %w", err)
	}
	if err := ship.QueryRow(`SELECT count(*) FROM refusals`).Scan(&st.refusals); err != nil {
		return nil, fmt.Errorf("count refusals: %w", err)
	}
	st.replies, err = readReplies(filepath.Join(dir, "journal"))
	return st, err
}

func openReadOnly(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, db.Ping()
}

func each(db *sql.DB, q string, scan func(*sql.Rows) error) error {
	rs, err := db.Query(q)
	if err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	defer rs.Close()
	for rs.Next() {
		if err := scan(rs); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return rs.Err()
}

// readReplies reads the answers the callers got from the run's journal file
// (JSON lines; a reply line carries the attempt with its outcome). It is the
// only in-memory truth the lab keeps on disk, and ambiguity is judged from it.
func readReplies(path string) ([]rawReply, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []rawReply
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var line struct {
			K       string `json:"k"`
			Attempt *struct {
				Order   string `json:"order"`
				Op      string `json:"op"`
				Outcome string `json:"outcome"`
			} `json:"attempt"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if line.K == "reply" && line.Attempt != nil {
			out = append(out, rawReply{line.Attempt.Order, line.Attempt.Op, line.Attempt.Outcome})
		}
	}
	return out, sc.Err()
}

// auditVerdict is the auditor's own reading of the stores: for each anomaly
// kind, the orders it hit and how many anomalies it counts for each.
type auditVerdict struct {
	kinds     map[string]map[string]int // kind -> order -> count
	ambiguous []string
	// notes are things the stores say about themselves that are wrong
	// whatever the verdict (shipments that the journal cannot explain, ...).
	notes []string
	// absorbed and discarded count the journal's deliveries an inbox or a
	// versioned consumer did not apply.
	absorbed, discarded int
	// poison is set when shipping refused something: the auditor does not
	// judge parked or blocked events, so it leaves lost out of the comparison.
	poison bool
}

func (a auditVerdict) count(kind string) int {
	n := 0
	for _, c := range a.kinds[kind] {
		n += c
	}
	return n
}

// The auditor's reading of DESIGN.md's anomalies, per order o:
//
//   - committed: orders.db's history has a change of o (or orders a row).
//   - lost: committed, and either shipping holds no shipment of o, or a
//     committed version of o never reached shipping: no journal line of o
//     carries that version applied or discarded as stale (a stale discard
//     reached shipping; it is the versioned consumer's choice not to apply).
//     One per order.
//   - ghost: shipping holds a shipment of o or applied an event of o, and
//     either o was never committed or an applied version of o is not in its
//     history. One per order.
//   - duplicate: the extra applications of o: for each version, applied
//     journal lines beyond the first; and shipment rows beyond the first
//     (shipped twice). Both show the same extra application, so the larger
//     of the two counts.
//   - reordered: the committed versions of o, each at its first application,
//     do not rise in journal order; or, when o is neither lost nor ghost, its
//     final state differs: orders' status and version against the last
//     shipment row's. One per order.
//   - double-order: each order placed for a caller's request (history,
//     op place, request) that an earlier, other order had placed already.
//   - ambiguous: committed, and the caller's last answer to a place of o
//     was fail or unknown.
func (st *rawStores) audit() auditVerdict {
	v := auditVerdict{kinds: map[string]map[string]int{}, poison: st.refusals > 0}
	add := func(kind, order string, n int) {
		if v.kinds[kind] == nil {
			v.kinds[kind] = map[string]int{}
		}
		v.kinds[kind][order] += n
	}
	versions := map[string][]int{}
	for _, c := range st.history {
		versions[c.order] = append(versions[c.order], c.version)
	}
	ships := map[string][]rawShipment{}
	for _, s := range st.shipments {
		ships[s.order] = append(ships[s.order], s)
	}
	applied := map[string][]rawDelivery{}
	reachedV := map[string]map[int]bool{}
	for _, d := range st.journal {
		if d.applied {
			applied[d.order] = append(applied[d.order], d)
		}
		switch {
		case d.discarded:
			v.discarded++
		case !d.applied:
			v.absorbed++
		}
		if d.applied || d.discarded {
			if reachedV[d.order] == nil {
				reachedV[d.order] = map[int]bool{}
			}
			reachedV[d.order][d.version] = true
		}
		if d.version <= 0 {
			v.notes = append(v.notes, fmt.Sprintf("journal line of %s (%s, seq %d) carries no version", d.order, d.event, d.seq))
		}
	}
	ids := map[string]bool{}
	for id := range st.rows {
		ids[id] = true
	}
	for id := range versions {
		ids[id] = true
	}
	for id := range ships {
		ids[id] = true
	}
	for id := range applied {
		ids[id] = true
	}
	for _, id := range sortedKeys(ids) {
		_, hasRow := st.rows[id]
		committed := hasRow || len(versions[id]) > 0
		reached := len(ships[id]) > 0 || len(applied[id]) > 0

		lost := false
		if committed {
			if len(ships[id]) == 0 {
				lost = true
			}
			for _, ver := range versions[id] {
				if !reachedV[id][ver] {
					lost = true
				}
			}
		}
		if lost {
			add("lost", id, 1)
		}

		ghost := false
		if reached {
			if !committed {
				ghost = true
			}
			for _, d := range applied[id] {
				if committed && len(versions[id]) > 0 && !slices.Contains(versions[id], d.version) {
					ghost = true
				}
			}
		}
		if ghost {
			add("ghost", id, 1)
		}

		perVersion := map[int]int{}
		extraApplied := 0
		for _, d := range applied[id] {
			perVersion[d.version]++
			if perVersion[d.version] > 1 {
				extraApplied++
			}
		}
		extraShipped := max(len(ships[id])-1, 0)
		if extra := max(extraApplied, extraShipped); extra > 0 {
			add("duplicate", id, extra)
		}

		var firsts []int
		for _, d := range applied[id] {
			if slices.Contains(firsts, d.version) || !slices.Contains(versions[id], d.version) {
				continue
			}
			firsts = append(firsts, d.version)
		}
		reordered := !slices.IsSorted(firsts)
		if !lost && !ghost && hasRow && len(ships[id]) > 0 {
			row, last := st.rows[id], ships[id][len(ships[id])-1]
			if row.status != last.status || row.version != last.version {
				reordered = true
			}
		}
		if reordered {
			add("reordered", id, 1)
		}
	}

	first := map[string]string{}
	for _, c := range st.history {
		if c.op != "place" || c.request == "" {
			continue
		}
		if o, ok := first[c.request]; !ok {
			first[c.request] = c.order
		} else if o != c.order {
			add("double-order", c.order, 1)
		}
	}

	lastPlace := map[string]string{}
	for _, r := range st.replies {
		if r.op == "place" {
			lastPlace[r.order] = r.outcome
		}
	}
	for _, id := range sortedKeys(ids) {
		_, hasRow := st.rows[id]
		if (hasRow || len(versions[id]) > 0) && (lastPlace[id] == "fail" || lastPlace[id] == "unknown") {
			v.ambiguous = append(v.ambiguous, id)
		}
	}
	v.notes = append(v.notes, st.selfChecks()...)
	return v
}

// selfChecks are the stores' own invariants: the journal explains shipments
// (replaying its applied lines as shipping applies them gives the table), and
// orders agrees with the last change of its history.
func (st *rawStores) selfChecks() []string {
	var notes []string
	type ship struct {
		status  string
		version int
		rows    int
	}
	replay := map[string]*ship{}
	for _, d := range st.journal {
		if !d.applied {
			continue
		}
		s := replay[d.order]
		switch {
		case s == nil:
			replay[d.order] = &ship{d.state, d.version, 1}
		case d.event == "OrderPlaced" || st.inserts[fmt.Sprintf("%s@%d", d.order, d.version)]:
			s.status, s.version, s.rows = d.state, d.version, s.rows+1
		default:
			s.status, s.version = d.state, d.version
		}
	}
	got := map[string]*ship{}
	for _, s := range st.shipments {
		g := got[s.order]
		if g == nil {
			g = &ship{}
			got[s.order] = g
		}
		g.status, g.version, g.rows = s.status, s.version, g.rows+1
	}
	for _, id := range sortedKeys(mapKeys(replay, got)) {
		r, g := replay[id], got[id]
		switch {
		case r == nil:
			notes = append(notes, fmt.Sprintf("shipments holds %s, which no applied journal line explains", id))
		case g == nil:
			notes = append(notes, fmt.Sprintf("the journal applied %s, yet shipments has no row of it", id))
		case *r != *g:
			notes = append(notes, fmt.Sprintf("shipments of %s: %d rows, %s v%d; the journal's applied lines make %d rows, %s v%d", id, g.rows, g.status, g.version, r.rows, r.status, r.version))
		}
	}
	last := map[string]rawChange{}
	for _, c := range st.history {
		if c.version >= last[c.order].version {
			last[c.order] = c
		}
	}
	for id, row := range st.rows {
		if c, ok := last[id]; !ok || c.version != row.version || c.state != row.status {
			notes = append(notes, fmt.Sprintf("orders holds %s %s v%d, which is not the last change of its history", id, row.status, row.version))
		}
	}
	return notes
}

func mapKeys[V any](ms ...map[string]V) map[string]bool {
	out := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			out[k] = true
		}
	}
	return out
}

// sortedKeys sorts ids as o-2 before o-10.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if len(a) != len(b) && strings.HasPrefix(a, "o-") && strings.HasPrefix(b, "o-") {
			return len(a) < len(b)
		}
		return a < b
	})
	return out
}
