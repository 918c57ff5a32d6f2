package serve_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// The real ssh client in a real terminal: a student connects with the line
// the README gives, sees the home screen, follows the presenter into an
// experiment and its steps, and quits cleanly.
func TestRealSSHClientFollowsAndQuits(t *testing.T) {
	if testing.Short() {
		t.Skip("drives tmux and ssh")
	}
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("no ssh client installed: the test connects with the real one")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	ts := startServer(t, nil)
	dir := t.TempDir()
	port := strings.TrimPrefix(ts.addr, "127.0.0.1:")
	// The client checks the host key, as a student's would after the first
	// connect.
	hostPub, err := os.ReadFile(filepath.Join(filepath.Dir(ts.tmp), "host_key.pub"))
	if err != nil {
		t.Fatal(err)
	}
	known := filepath.Join(dir, "known_hosts")
	if err := os.WriteFile(known, []byte(fmt.Sprintf("[127.0.0.1]:%s %s", port, hostPub)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, _, _, err := gossh.ParseAuthorizedKey(hostPub); err != nil {
		t.Fatalf("host key %q: %v", hostPub, err)
	}
	socket := fmt.Sprintf("dualwrite-serve-%d", os.Getpid())
	tmux := func(args ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-L", socket}, args...)...).CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { tmux("kill-server") })
	cmd := fmt.Sprintf("%s -F /dev/null -o UserKnownHostsFile=%s -o StrictHostKeyChecking=yes -o PubkeyAuthentication=no -o LogLevel=ERROR -p %s -tt 127.0.0.1; echo ssh exited $?; sleep 60",
		sshBin, known, port)
	if out, err := tmux("new-session", "-d", "-s", "ui", "-x", "100", "-y", "30", "env TERM=xterm-256color sh -c '"+cmd+"'"); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	screen := func() string { out, _ := tmux("capture-pane", "-p", "-t", "ui"); return out }
	waitFor := func(what string) {
		t.Helper()
		deadline := time.Now().Add(wait)
		for !strings.Contains(screen(), what) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q within %s; the screen:\n%s\nthe log:\n%s", what, wait, screen(), ts.log.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("strategies")
	waitFor("following the presenter")

	pres := openTerm(t, ts.addr, presenterAuth(ts), size{120, 30})
	pres.waitText("1 connected · 1 following", wait)
	pres.send("2") // naive's second experiment: a crash after the commit
	waitFor("after-commit=1*crash")
	pres.send("  ")
	waitFor("step 2")

	out, err := tmux("send-keys", "-t", "ui", "q")
	if err != nil {
		t.Fatalf("send q: %v\n%s", err, out)
	}
	waitFor("ssh exited 0")
	poll(t, "the student's directory removed", wait, func() bool { return len(ts.sessionDirs(t)) <= 1 })
	pres.send("q")
	pres.waitEnd(wait)
	poll(t, "every session's directory removed", wait, func() bool { return len(ts.sessionDirs(t)) == 0 })
}
