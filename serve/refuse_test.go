package serve_test

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// A session gets its terminal UI and nothing else: every other request is
// refused, and each refusal is logged.
func TestRefusesShellExecForwardsAndSFTP(t *testing.T) {
	ts := startServer(t, nil)
	c := dialSSH(t, ts.addr, studentAuth())
	defer c.Close()

	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Run("cat /etc/passwd"); err == nil {
		t.Error("exec: accepted, want refused")
	}
	sess.Close()

	sess, err = c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err == nil {
		t.Error("a shell without a terminal: accepted, want refused")
	}
	sess.Close()

	sess, err = c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Error("sftp: accepted, want refused")
	}
	sess.Close()

	if conn, err := c.Dial("tcp", "127.0.0.1:22"); err == nil {
		conn.Close()
		t.Error("local port forward: accepted, want refused")
	} else if !strings.Contains(err.Error(), "administratively prohibited") {
		t.Errorf("local port forward: %v, want administratively prohibited", err)
	}
	if ln, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		ln.Close()
		t.Error("remote port forward: accepted, want refused")
	}
	ok, _, err := c.SendRequest("tcpip-forward", true, gossh.Marshal(struct {
		Addr string
		Port uint32
	}{"127.0.0.1", 0}))
	if err != nil || ok {
		t.Errorf("tcpip-forward: ok %v, err %v: want refused", ok, err)
	}

	for _, want := range []string{`refused exec "cat /etc/passwd"`, "refused a shell without a terminal", `refused subsystem "sftp"`,
		"refused direct-tcpip channel", "refused tcpip-forward"} {
		poll(t, "log line "+want, 5*time.Second, func() bool { return strings.Contains(ts.log.String(), want) })
	}
	if dirs := ts.sessionDirs(t); len(dirs) != 0 {
		t.Errorf("refused requests left session directories: %v", dirs)
	}
}
