package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTmux runs the real binary in a real terminal: a detached 100x30 tmux
// session. It presses r, reads the screen until it names o-1 as lost, quits
// with q, and checks that the process is gone and left no run directory.
func TestTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	// Built once for every tmux test of the package: a build is most of
	// their time.
	bin := buildBinary(t)
	dir := t.TempDir()
	// The run's temporary directory goes here, so the check below sees only
	// this process's directories.
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	socket := fmt.Sprintf("dualwrite-test-%d", os.Getpid())
	tmux := func(args ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-L", socket}, args...)...).CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { tmux("kill-server") })
	cmd := fmt.Sprintf("env TMPDIR=%s TERM=xterm-256color %s tui naive --fault after-commit=1*crash", tmp, bin)
	if out, err := tmux("new-session", "-d", "-s", "ui", "-x", "100", "-y", "30", cmd); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	pidText, err := tmux("list-panes", "-t", "ui", "-F", "#{pane_pid}")
	if err != nil {
		t.Fatalf("tmux list-panes: %v\n%s", err, pidText)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(pidText))
	if err != nil {
		t.Fatalf("pane pid %q: %v", pidText, err)
	}
	screen := func() string {
		out, _ := tmux("capture-pane", "-p", "-t", "ui")
		return out
	}
	waitFor := func(what string, cond func(string) bool) {
		t.Helper()
		deadline := time.Now().Add(bound)
		for {
			s := screen()
			if cond(s) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within %s; the screen:\n%s", what, bound, s)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor("the run screen", func(s string) bool {
		return strings.Contains(s, "after-commit=1*crash") && strings.Contains(s, "step 0")
	})
	if out, err := tmux("send-keys", "-t", "ui", "r"); err != nil {
		t.Fatalf("send r: %v\n%s", err, out)
	}
	lost := regexp.MustCompile(`(?m)^.*\blost\b.*\bo-1\b.*$`)
	waitFor("the verdict names o-1 as lost", func(s string) bool { return lost.MatchString(s) })
	if out, err := tmux("send-keys", "-t", "ui", "q"); err != nil {
		t.Fatalf("send q: %v\n%s", err, out)
	}
	deadline := time.Now().Add(bound)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the process %d is still running after q; the screen:\n%s", pid, screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	left, err := filepath.Glob(filepath.Join(tmp, "dualwrite-*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Fatalf("q left run directories behind: %v", left)
	}
}
