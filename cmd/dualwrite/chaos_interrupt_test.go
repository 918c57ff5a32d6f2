package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/scenarios"
)

// An interrupted chaos prints the tallies of the runs done so far and exits
// 130, as a shell reports SIGINT.
func TestChaosInterruptPrintsTallies(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bytes.Buffer
	done := make(chan int)
	go func() {
		m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Terminal: func() bool { return false }}
		done <- m.Run(ctx, []string{"chaos", "--runs", "100000", "--strategy", "naive", "--format", "json"})
	}()
	// More run directories gone than runs go at once: some worker finished
	// two runs, so it tallied the first before it began the second.
	seen, gone := map[string]bool{}, map[string]bool{}
	deadline := time.Now().Add(60 * time.Second)
	for len(gone) <= scenarios.Parallelism() && time.Now().Before(deadline) {
		now := tempDirs(t)
		for d := range seen {
			if !now[d] {
				gone[d] = true
			}
		}
		for d := range now {
			seen[d] = true
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	var code int
	select {
	case code = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("chaos did not stop within 20s of the interrupt")
	}
	if code != exitInterrupted || !strings.Contains(errb.String(), "interrupted after") {
		t.Errorf("exit %d, stderr %q: want 130 and how far it got", code, errb.String())
	}
	var got struct {
		Interrupted bool
		Strategies  []scenarios.ChaosResult
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("no tallies on stdout: %v\n%s", err, out.String())
	}
	if !got.Interrupted || len(got.Strategies) != 1 || got.Strategies[0].Done < 1 || got.Strategies[0].Done >= 100000 {
		t.Errorf("want the tallies of the runs done, marked interrupted: %+v", got)
	}
}
