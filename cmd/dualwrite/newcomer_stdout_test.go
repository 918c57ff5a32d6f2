package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fullDisk fails every write, as stdout redirected to /dev/full does.
type fullDisk struct{}

func (fullDisk) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// Output that went nowhere is a failure, whatever the command: the text
// renderers of list, chaos, bench and compare and the help texts used to
// drop the write error and exit 0 with nothing written.
func TestNewcomerStdoutWriteFailureIsNotSuccess(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	commands := [][]string{
		{"--help"},
		{"run", "--help"},
		{"list"},
		{"list", "--json"},
		{"run", "naive"},
		{"chaos", "--runs", "1", "--strategy", "naive"},
		{"bench", "--orders", "2", "--strategy", "naive"},
		{"compare", "--format", "markdown"},
	}
	for i, args := range commands {
		t.Run(strconv.Itoa(i)+" "+strings.Join(args, " "), func(t *testing.T) {
			var errb bytes.Buffer
			m := &Main{Stdin: strings.NewReader(""), Stdout: fullDisk{}, Stderr: &errb, Terminal: func() bool { return false }}
			code := m.Run(context.Background(), args)
			lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
			if code != exitFailed || !strings.Contains(lines[len(lines)-1], "no space left on device") {
				t.Errorf("exit %d, stderr %q: want 1 and the write error said", code, errb.String())
			}
		})
		t.Run(strconv.Itoa(i)+" closed pipe "+strings.Join(args, " "), func(t *testing.T) {
			var errb bytes.Buffer
			m := &Main{Stdin: strings.NewReader(""), Stdout: &closedPipe{room: 10}, Stderr: &errb, Terminal: func() bool { return false }}
			code := m.Run(context.Background(), args)
			if code != exitBrokenPipe || strings.Contains(errb.String(), "dualwrite:") {
				t.Errorf("exit %d, stderr %q: want %d and nothing said", code, errb.String(), exitBrokenPipe)
			}
		})
	}
}

// chaos on a terminal with its stderr sent to a file (2>log) writes plain
// progress lines there: the redrawing display moves a cursor only a
// terminal has, and its escape codes used to fill the log.
func TestNewcomerProgressToAFileHasNoEscapes(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	log, done := filepath.Join(dir, "log"), filepath.Join(dir, "done")
	socket := "dw-newcomer-" + strconv.Itoa(os.Getpid())
	shell := `DUALWRITE_TEST_MAIN=1 TMPDIR="$1" "$0" chaos --runs 3 --strategy naive 2>"$2"; echo $? >"$3"`
	tmux := exec.Command("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40",
		"sh", "-c", shell, exe, dir, log, done)
	tmux.Env = append(os.Environ(), "TERM=xterm-256color")
	if out, err := tmux.CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "-L", socket, "kill-server").Run() })
	waitFor(t, time.Minute, "chaos to end in tmux", func() bool {
		b, err := os.ReadFile(done)
		return err == nil && len(b) > 0
	})
	if b, _ := os.ReadFile(done); strings.TrimSpace(string(b)) != "0" {
		t.Fatalf("exit status %s", b)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(b, "\x1b\r") {
		t.Errorf("stderr in a file holds terminal control codes: %q", b)
	}
	if !strings.Contains(string(b), "chaos: naive: 3 runs") {
		t.Errorf("stderr %q: want the plain progress line", b)
	}
}
