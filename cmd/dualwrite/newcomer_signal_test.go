package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A run ended by a signal exits as a shell reports that signal (130 SIGINT,
// 143 SIGTERM, 129 SIGHUP), says how far it got, and cleans up: a
// supervisor's SIGTERM used to be reported as a Ctrl-C.
func TestNewcomerSignalExitStatus(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143, syscall.SIGHUP: 129} {
		t.Run(sig.String(), func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(exe, "run", "naive", "--orders", "100000")
			cmd.Env = append(os.Environ(), "DUALWRITE_TEST_MAIN=1", "TMPDIR="+tmp)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The run is under way once its first step is printed.
			lines := bufio.NewScanner(out)
			for lines.Scan() && !strings.Contains(lines.Text(), "request") {
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			for lines.Scan() {
			}
			cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != want || !strings.Contains(stderr.String(), "interrupted after") {
				t.Errorf("exit %d, stderr %q: want %d and how far it got", code, stderr.String(), want)
			}
			if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
				t.Errorf("left behind %v", left)
			}
		})
	}
}

// --help says what a newcomer meets: flags once and never empty, and the
// exit statuses, signals included.
func TestNewcomerHelpSaysFlagsOnceAndExitStatuses(t *testing.T) {
	_, stdout, _ := runMain(t, "--help")
	for _, want := range []string{"each once and never empty", "2 bad input", "143 (SIGTERM)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}
