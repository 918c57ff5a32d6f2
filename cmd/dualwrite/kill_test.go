package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
)

// A real kill -9 in the middle of a run, then resume: SQLite's WAL recovery
// and JetStream's file-store recovery, as in production. The outbox and CDC
// never lose or invent an event; duplicates come only where delivery is at
// least once and nothing absorbs them.
func TestKillThenResume(t *testing.T) {
	// 20 kills a strategy with DUALWRITE_LONG=1 (CI), 4 otherwise.
	kills := 4
	switch {
	case os.Getenv("DUALWRITE_LONG") == "1":
		kills = 20
	case testing.Short():
		kills = 3
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		strategy     string
		mayDuplicate bool
	}{{"outbox", true}, {"outbox-dedup", false}, {"cdc", false}} {
		t.Run(c.strategy, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(len(c.strategy)), 7))
			for i := range kills {
				dir := filepath.Join(t.TempDir(), "lab")
				// Kill after a random number of printed steps: somewhere
				// in the workload or its recovery.
				after := 5 + rng.IntN(1500)
				cmd := exec.Command(exe, "run", c.strategy, "--orders", "200", "--interval", "5ms", "--db", dir)
				cmd.Env = append(os.Environ(), "DUALWRITE_TEST_MAIN=1")
				out, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				sc := bufio.NewScanner(out)
				for n := 0; n < after && sc.Scan(); n++ {
				}
				cmd.Process.Signal(syscall.SIGKILL)
				cmd.Wait()

				var stdout, stderr bytes.Buffer
				m := &Main{Stdout: &stdout, Stderr: &stderr}
				status := m.Run(context.Background(), []string{"resume", "--db", dir, "--format", "json"})
				if status == exitBadArgs && bytes.Contains(stderr.Bytes(), []byte("judged already")) {
					continue // the run ended before the kill: nothing to resume
				}
				if status != exitOK {
					t.Fatalf("kill %d after %d steps: resume exited %d: %s", i, after, status, stderr.String())
				}
				var rep lab.Report
				if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
					t.Fatal(err)
				}
				a := rep.Anomalies
				if a.Lost != 0 || a.Ghost != 0 || (!c.mayDuplicate && a.Duplicate != 0) || a.Reordered != 0 || !rep.Settled {
					t.Fatalf("kill %d after %d steps: %+v, settled %v: %+v", i, after, a, rep.Settled, rep.Findings)
				}
				for _, db := range []string{"orders.db", "shipping.db"} {
					if ok := integrity(t, filepath.Join(dir, db)); ok != "ok" {
						t.Fatalf("pragma integrity_check of %s: %s", db, ok)
					}
				}
			}
		})
	}
}

func integrity(t *testing.T, path string) string {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}
