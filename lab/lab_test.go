package lab_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/trace"
)

func mustStart(tb testing.TB, id string, orders int, seed int64, specs ...string) *lab.Run {
	tb.Helper()
	s, err := scenarios.Lookup(id)
	if err != nil {
		tb.Fatal(err)
	}
	fs, err := s.ParseFaults(specs)
	if err != nil {
		tb.Fatal(err)
	}
	r, err := lab.Start(context.Background(), scenarios.Spec{Strategy: s,
		Faults: fs, Seed: seed, Orders: orders}.Config())
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func mustFinish(tb testing.TB, r *lab.Run) *lab.Report {
	tb.Helper()
	rep, err := r.Finish(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return rep
}

// steps is the trace without what may change from run to run: time and paths.
func steps(events []trace.Event) []string {
	var out []string
	for _, e := range events {
		detail := e.Detail
		if e.Step == "start" || e.Step == "broker up" {
			detail = ""
		}
		out = append(out, strings.Join([]string{e.Actor, e.Target, e.Step, e.Order, e.Fault, detail}, "|"))
	}
	return out
}

func TestSameSeedSameRun(t *testing.T) {
	run := func(seed int64) []string {
		r := mustStart(t, "naive", 12, seed, "publish=40%error", "after-commit=20%crash")
		defer r.Close()
		return steps(mustFinish(t, r).Trace)
	}
	a, b := run(7), run(7)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Fatalf("same seed, different traces:\n%s\n---\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	if c := run(8); strings.Join(a, "\n") == strings.Join(c, "\n") {
		t.Fatalf("seeds 7 and 8 made the same fault decisions over 12 orders")
	}
}

func TestCloseLeavesNothing(t *testing.T) {
	before := runtime.NumGoroutine()
	r := mustStart(t, "naive", 3, 1, "after-commit=1*crash", "consumer.after-apply=1*crash")
	dir := r.Dir()
	mustFinish(t, r)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("temporary directory %s is still there", dir)
	}
	// Bounded by the lab's safety net (30s), not less: a leak never ends, and on a
	// busy machine a stopped server's goroutines have taken more than 5s to go.
	deadline := time.Now().Add(30 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines left after Close (had %d):\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

func TestCloseMidRun(t *testing.T) {
	r := mustStart(t, "naive", 5, 1, "publish=broker-down")
	dir := r.Dir()
	for range 6 {
		if _, err := r.Step(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("temporary directory %s is still there", dir)
	}
}

// A crash at the commit abandons the open transaction: the row is not in the
// table and the restarted instance is not locked out of the database.
func TestCrashAtCommitAbandonsTransaction(t *testing.T) {
	r := mustStart(t, "naive", 3, 1, "commit=1*crash")
	defer r.Close()
	rep := mustFinish(t, r)
	if !rep.Consistent {
		t.Fatalf("want consistent, got %+v %v", rep.Anomalies, rep.Findings)
	}
	var committed []string
	for _, e := range rep.Trace {
		if e.Step == "commit" && strings.HasPrefix(e.Detail, "COMMIT:") {
			committed = append(committed, e.Order)
		}
	}
	if strings.Join(committed, ",") != "o-2,o-3" {
		t.Errorf("committed %v, want o-2 and o-3 after o-1's crash", committed)
	}
}

// A failed commit is a real one: SQLite refuses it and the row is not there.
func TestCommitErrorIsReal(t *testing.T) {
	dir := t.TempDir()
	s, _ := scenarios.Lookup("naive")
	f, _ := faults.ParseFault("commit=1*error")
	r, err := lab.Start(context.Background(), scenarios.Spec{Strategy: s,
		Faults: []faults.Fault{f}, Orders: 2, Dir: dir}.Config())
	if err != nil {
		t.Fatal(err)
	}
	rep := mustFinish(t, r)
	r.Close()
	if !rep.Consistent {
		t.Errorf("want consistent, got %v", rep.Findings)
	}
	db, err := sql.Open("sqlite3", filepath.Join(dir, "orders.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ids []string
	rows, err := db.Query(`SELECT id FROM orders ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	if strings.Join(ids, ",") != "o-2" {
		t.Errorf("orders.db holds %v, want only o-2: o-1's commit was refused", ids)
	}
}

// The relay forgets sent outbox rows once they are older than the retention;
// rows still pending are never forgotten.
func TestOutboxRetention(t *testing.T) {
	dir := t.TempDir()
	s, _ := scenarios.Lookup("outbox")
	r, err := lab.Start(context.Background(), lab.Config{Name: "outbox", Strategy: s.New(), Points: s.AllPoints(),
		Orders: 6, Dir: dir, OutboxRetention: time.Microsecond})
	if err != nil {
		t.Fatal(err)
	}
	rep := mustFinish(t, r)
	r.Close()
	if !rep.Consistent {
		t.Fatalf("want consistent, got %v", rep.Findings)
	}
	db, err := sql.Open("sqlite3", filepath.Join(dir, "orders.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var rows, pending int
	if err := db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE sent IS NULL) FROM outbox`).Scan(&rows, &pending); err != nil {
		t.Fatal(err)
	}
	if pending != 0 || rows >= 6 {
		t.Errorf("outbox holds %d rows (%d pending) after 6 orders: sent rows were not cleaned up", rows, pending)
	}
}
