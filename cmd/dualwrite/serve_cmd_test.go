package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestServeRefusesBadInput(t *testing.T) {
	key := filepath.Join(t.TempDir(), "k")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--listen", "0.0.0.0:0"}, "reachable from other machines"},
		{[]string{"--max-sessions", "0"}, "bad --max-sessions 0"},
		{[]string{"--max-sessions", "5000"}, "between 1 and 1000"},
		{[]string{"--idle", "0s"}, "bad --idle 0s"},
		{[]string{"--idle", "48h"}, "the limit is 1h"},
		{[]string{"--passphrase", "short"}, "too short"},
		{[]string{"--passphrase", "long-enough", "--authorized-keys", key}, "not both"},
		{[]string{"--presenter-key", filepath.Join(t.TempDir(), "none")}, "--presenter-key"},
		{[]string{"--listen", "nonsense"}, "bad --listen"},
		{[]string{"naive"}, "serve takes no strategy"},
	} {
		code, _, stderr := runMain(t, append([]string{"serve", "--host-key", key}, c.args...)...)
		if code != exitBadArgs || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("serve %v: exit %d, stderr %q: want exit 2 and one line saying %q", c.args, code, stderr, c.want)
		}
	}
}

// serve prints where it is, the fingerprint and the students' line, and an
// interrupt stops it with nothing left behind.
func TestServeStartsAndStops(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var stderr lockedBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, []string{"serve", "--listen", ":0", "--host-key", filepath.Join(t.TempDir(), "host")})
	}()
	students := regexp.MustCompile(`students type: ssh -p \d+ -t 127\.0\.0\.1\n`)
	deadline := time.Now().Add(30 * time.Second)
	for !students.MatchString(stderr.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("no students' line within 30s: %q", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), "host key fingerprint SHA256:") {
		t.Errorf("no fingerprint: %q", stderr.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d after an interrupt, want 0; stderr %q", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30s of an interrupt")
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left in TMPDIR: %v", left)
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
