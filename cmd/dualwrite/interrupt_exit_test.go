package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// An interrupted compare or bench exits 130, as README promises for an
// interrupted run: never 1, which compare uses for a mismatch with the
// catalog and a script would read as one.
func TestInterruptedCampaignsExit130(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	for _, args := range [][]string{
		{"compare"},
		{"compare", "--format", "json"},
		{"bench", "--orders", "50000", "--strategy", "naive"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			// Cancelled as the signal context of main is on Ctrl-C.
			ctx, cancel := context.WithCancel(context.Background())
			defer time.AfterFunc(300*time.Millisecond, cancel).Stop()
			var out, errb bytes.Buffer
			m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Terminal: func() bool { return false }}
			code := m.Run(ctx, args)
			if code != exitInterrupted || !strings.Contains(errb.String(), args[0]+" interrupted") || strings.Count(errb.String(), "\n") != 1 {
				t.Errorf("exit %d, stderr %q: want %d and one line saying %s was interrupted", code, errb.String(), exitInterrupted, args[0])
			}
			if out.Len() != 0 {
				t.Errorf("stdout %q: want nothing, a part of the runs is no result", out.String())
			}
		})
	}
}

// An interrupt that a command does not describe itself is still 130.
func TestInterruptedCleanExit130(t *testing.T) {
	url := natsServer(t, true, "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Terminal: func() bool { return false }}
	if code := m.Run(ctx, []string{"clean", "--nats-url", url}); code != exitInterrupted || errb.String() != "dualwrite: interrupted\n" {
		t.Errorf("exit %d, stderr %q: want %d, interrupted", code, errb.String(), exitInterrupted)
	}
}
