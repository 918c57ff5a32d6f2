package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// tmuxTerm is the real binary in a real terminal: a detached tmux session
// of a fixed size.
type tmuxTerm struct {
	t      *testing.T
	socket string
	pid    int
	tmp    string // the TMPDIR of the process, for its run directories
}

var built struct {
	once sync.Once
	bin  string
	err  error
	out  []byte
}

// buildBinary builds dualwrite once per test binary.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the binary")
	}
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "dualwrite-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.bin = filepath.Join(dir, "dualwrite")
		built.out, built.err = exec.Command(goTool, "build", "-o", built.bin, "github.com/dualwrite/dualwrite/cmd/dualwrite").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.bin != "" {
		os.RemoveAll(filepath.Dir(built.bin))
	}
	os.Exit(code)
}

func newTmuxTerm(t *testing.T, w, h int, env string, args ...string) *tmuxTerm {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	bin := buildBinary(t)
	tt := &tmuxTerm{t: t, socket: fmt.Sprintf("dualwrite-%s-%d", t.Name(), os.Getpid()), tmp: t.TempDir()}
	t.Cleanup(func() { tt.tmux("kill-server") })
	cmd := fmt.Sprintf("env TMPDIR=%s TERM=xterm-256color %s %s %s", tt.tmp, env, bin, strings.Join(args, " "))
	if out, err := tt.tmux("new-session", "-d", "-s", "ui", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), cmd); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	pidText, err := tt.tmux("list-panes", "-t", "ui", "-F", "#{pane_pid}")
	if err != nil {
		t.Fatalf("tmux list-panes: %v\n%s", err, pidText)
	}
	if tt.pid, err = strconv.Atoi(strings.TrimSpace(pidText)); err != nil {
		t.Fatalf("pane pid %q: %v", pidText, err)
	}
	return tt
}

func (tt *tmuxTerm) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", tt.socket}, args...)...).CombinedOutput()
	return string(out), err
}

func (tt *tmuxTerm) screen() string {
	out, _ := tt.tmux("capture-pane", "-p", "-t", "ui")
	return out
}

func (tt *tmuxTerm) keys(keys ...string) {
	tt.t.Helper()
	for _, k := range keys {
		if out, err := tt.tmux("send-keys", "-t", "ui", k); err != nil {
			tt.t.Fatalf("send %s: %v\n%s", k, err, out)
		}
	}
}

// waitFor polls the screen until cond holds, with a bound.
func (tt *tmuxTerm) waitFor(what string, cond func(string) bool) string {
	tt.t.Helper()
	deadline := time.Now().Add(bound)
	for {
		s := tt.screen()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("%s: not within %s; the screen:\n%s", what, bound, s)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// quit presses q and checks that the process ends and leaves no run
// directory behind.
func (tt *tmuxTerm) quit() {
	tt.t.Helper()
	tt.keys("q")
	deadline := time.Now().Add(bound)
	for syscall.Kill(tt.pid, 0) == nil {
		if time.Now().After(deadline) {
			tt.t.Fatalf("the process %d is still running after q; the screen:\n%s", tt.pid, tt.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	left, _ := filepath.Glob(filepath.Join(tt.tmp, "dualwrite-*"))
	if len(left) > 0 {
		tt.t.Fatalf("q left run directories behind: %v", left)
	}
}

func contains(sub string) func(string) bool {
	return func(s string) bool { return strings.Contains(s, sub) }
}
