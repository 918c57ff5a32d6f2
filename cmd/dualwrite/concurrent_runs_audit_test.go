package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// Several `dualwrite run --format json` at once, each with GOMAXPROCS=1, give
// byte for byte the report of the same run made alone, once the run's own
// temporary paths are blanked: load decides no outcome.
//
//	go test ./cmd/dualwrite -run SeveralRunsAtOnce                    4 at once, 2 runs
//	DUALWRITE_LONG=1 go test ./cmd/dualwrite -run SeveralRunsAtOnce   8 at once, more runs

// runDir is the part of a report unique per run: its temporary directory.
var runDir = regexp.MustCompile(`/[^\s"]*dualwrite-[0-9]+`)

func blankUnique(report string) string { return runDir.ReplaceAllString(report, "/DIR") }

func TestSeveralRunsAtOnce(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	at, runs := 4, [][]string{
		{"run", "outbox", "--orders", "12", "--seed", "3", "--fault", "relay.publish=30%ack-lost", "--format", "json"},
		{"run", "cdc-polling", "--orders", "6", "--seed", "2", "--workload", "lifecycle", "--interval", "40ms", "--format", "json"},
	}
	if os.Getenv("DUALWRITE_LONG") == "1" {
		at = 8
		runs = append(runs,
			[]string{"run", "publish-in-tx", "--orders", "10", "--fault", "commit=30%error", "--format", "json"},
			[]string{"run", "2pc", "--orders", "3", "--fault", "coordinator.after-prepare=1*crash", "--format", "json"},
			[]string{"run", "naive", "--orders", "8", "--workload", "lifecycle", "--fault", "publish=1*broker-down(300ms)", "--format", "json"},
			[]string{"run", "race-occ", "--orders", "4", "--workload", "lifecycle", "--format", "json"},
			[]string{"run", "outbox", "--orders", "8", "--consumers", "3", "--partitions", "3", "--workload", "lifecycle", "--format", "json"},
			[]string{"run", "outbox", "--orders", "5", "--max-deliver", "2", "--fault", "consumer.before-apply=2*poison", "--format", "json"},
		)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range runs {
		cmdline := "dualwrite " + strings.Join(args[1:], " ")
		code, alone, errs := runMain(t, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", cmdline, code, errs)
		}
		want := blankUnique(alone)
		got := make([]string, at)
		var wg sync.WaitGroup
		for i := range at {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(exe, args...)
				cmd.Env = append(os.Environ(), "DUALWRITE_TEST_MAIN=1", "GOMAXPROCS=1")
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				if err := cmd.Run(); err != nil {
					got[i] = fmt.Sprintf("exit: %v: %s", err, errb.String())
					return
				}
				got[i] = blankUnique(out.String())
			}()
		}
		wg.Wait()
		for i, g := range got {
			if g != want {
				t.Errorf("%s, %d at once with GOMAXPROCS=1: run %d differs from the run made alone: %s", cmdline, at, i, firstLineApart(want, g))
			}
		}
	}
}

func firstLineApart(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d: alone %q, at once %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(al), len(bl))
}
