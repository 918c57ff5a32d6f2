package serve_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/serve"
)

// testServer is a real server on a loopback port, with a presenter's key.
type testServer struct {
	srv       *serve.Server
	addr      string
	presenter gossh.Signer
	tmp       string // the TempDir the server makes its directory in
	log       *syncBuffer
	stop      func() error
}

func startServer(t testing.TB, mod func(*serve.Config)) *testServer {
	t.Helper()
	dir := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(dir, "presenter.pub")
	if err := os.WriteFile(keys, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := &testServer{presenter: signer, tmp: filepath.Join(dir, "tmp"), log: &syncBuffer{}}
	if err := os.Mkdir(ts.tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := serve.Config{Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "host_key"), PresenterKeys: []string{keys},
		TempDir: ts.tmp, Base: scenarios.Spec{Seed: 1, Orders: 3}, Log: ts.log, Theme: "dark"}
	if mod != nil {
		mod(&cfg)
	}
	if ts.srv, err = serve.New(cfg); err != nil {
		t.Fatal(err)
	}
	ts.addr = ts.srv.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ts.srv.Serve(ctx) }()
	var once sync.Once
	var serveErr error
	ts.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case serveErr = <-done:
			case <-time.After(60 * time.Second):
				serveErr = errors.New("the server did not stop within 60s")
			}
		})
		return serveErr
	}
	t.Cleanup(func() {
		if err := ts.stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return ts
}

// sessionDirs are the sessions' directories the server holds now.
func (ts *testServer) sessionDirs(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(ts.srv.Dir())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// size is a client's terminal: columns and lines.
type size struct{ w, h int }

var (
	presenterSize = size{140, 30} // a presenter's wide laptop screen
	studentSize   = size{100, 30}
)

// openReady opens a session over real SSH in a terminal of sz, and waits
// until its screen shows what.
func openReady(t testing.TB, addr string, auth []gossh.AuthMethod, sz size, what string) *term {
	t.Helper()
	tm := openTerm(t, addr, auth, sz)
	tm.waitText(what, wait)
	return tm
}

// openClass connects a presenter, then n students all at once as a class
// does, each over real SSH. It returns once the presenter's screen is up,
// each student's says it follows, and the presenter's counts all n
// following.
func openClass(t testing.TB, ts *testServer, n int, pres, stu size) (*term, []*term) {
	t.Helper()
	p := openReady(t, ts.addr, presenterAuth(ts), pres, "presenter ·")
	students := make([]*term, n)
	var wg sync.WaitGroup
	for i := range students {
		wg.Go(func() { students[i] = openReady(t, ts.addr, studentAuth(), stu, "following the presenter") })
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	p.waitText(fmt.Sprintf("%d connected · %d following", n, n), wait)
	return p, students
}

// openPair is a class of one: a presenter and a student, sized as usual.
func openPair(t testing.TB, ts *testServer) (pres, stu *term) {
	t.Helper()
	p, s := openClass(t, ts, 1, presenterSize, studentSize)
	return p, s[0]
}

// student authenticates with no key: keyboard-interactive, no questions.
func studentAuth() []gossh.AuthMethod {
	return []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
}

func dialSSH(t testing.TB, addr string, auth []gossh.AuthMethod) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "student", Auth: auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	return c
}

// term is one SSH session with a terminal, its screen kept by a terminal
// emulator, as a student's terminal would.
type term struct {
	t     testing.TB
	conn  *gossh.Client
	sess  *gossh.Session
	stdin io.WriteCloser

	mu      sync.Mutex
	vt      *vt.Emulator
	changed chan struct{} // closed at the next change of the screen
	ended   bool
	stderr  syncBuffer
}

func openTerm(t testing.TB, addr string, auth []gossh.AuthMethod, sz size) *term {
	t.Helper()
	return openTermAs(t, addr, auth, sz, "xterm-256color")
}

// openTermAs opens a session as a terminal of type termType ($TERM).
func openTermAs(t testing.TB, addr string, auth []gossh.AuthMethod, sz size, termType string) *term {
	t.Helper()
	c := dialSSH(t, addr, auth)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, conn: c, sess: sess, vt: vt.NewEmulator(sz.w, sz.h), changed: make(chan struct{})}
	if tm.stdin, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	sess.Stderr = &tm.stderr
	if err := sess.RequestPty(termType, sz.h, sz.w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	// The emulator answers the program's queries (background colour) on
	// its own pipe, as a terminal answers on its input.
	go func() {
		buf := make([]byte, 1024)
		for {
			n, err := tm.vt.Read(buf)
			if err != nil {
				return
			}
			tm.stdin.Write(buf[:n]) // after the session, nowhere: kept draining
		}
	}()
	go func() {
		buf := make([]byte, 32*1024)
		for {
			n, err := out.Read(buf)
			tm.mu.Lock()
			if n > 0 {
				tm.vt.Write(buf[:n])
			}
			if err != nil {
				tm.ended = true
			}
			close(tm.changed)
			tm.changed = make(chan struct{})
			tm.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(tm.close)
	return tm
}

func (tm *term) close() {
	tm.sess.Close()
	tm.conn.Close()
}

// screen is the text on the screen now.
func (tm *term) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.vt.String()
}

func (tm *term) send(keys string) time.Time {
	tm.t.Helper()
	at := time.Now()
	if _, err := tm.stdin.Write([]byte(keys)); err != nil {
		tm.t.Errorf("send %q: %v", keys, err)
	}
	return at
}

// waitFor waits until ok holds for the screen and reports when it first
// did; it fails the test after d.
func (tm *term) waitFor(what string, d time.Duration, ok func(screen string) bool) time.Time {
	tm.t.Helper()
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		tm.mu.Lock()
		scr, ch, ended := tm.vt.String(), tm.changed, tm.ended
		tm.mu.Unlock()
		if ok(scr) {
			return time.Now()
		}
		if ended {
			tm.t.Fatalf("the session ended before %s; screen:\n%s\nstderr: %s", what, scr, tm.stderr.String())
		}
		select {
		case <-ch:
		case <-deadline.C:
			tm.t.Fatalf("no %s within %s; screen:\n%s", what, d, scr)
		}
	}
}

func (tm *term) waitText(s string, d time.Duration) time.Time {
	tm.t.Helper()
	return tm.waitFor(strings.TrimSpace(s), d, func(scr string) bool { return strings.Contains(scr, s) })
}

// waitEnd waits until the server ends the session.
func (tm *term) waitEnd(d time.Duration) {
	tm.t.Helper()
	done := make(chan error, 1)
	go func() { done <- tm.sess.Wait() }()
	select {
	case <-done:
	case <-time.After(d):
		tm.t.Fatalf("the session did not end within %s; screen:\n%s", d, tm.screen())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// poll waits for cond with a bound.
func poll(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %s", what, d)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func readDir(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names, err
}

// presenterAuth authenticates with the presenter's key.
func presenterAuth(ts *testServer) []gossh.AuthMethod {
	return []gossh.AuthMethod{gossh.PublicKeys(ts.presenter)}
}

// coloured reports whether any cell on the screen has a foreground colour.
func (tm *term) coloured() bool {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	for y := range tm.vt.Height() {
		for x := range tm.vt.Width() {
			if c := tm.vt.CellAt(x, y); c != nil && c.Style.Fg != nil {
				return true
			}
		}
	}
	return false
}

// lineWidth is the width of the longest line on the screen.
func (tm *term) lineWidth() int {
	n := 0
	for _, l := range strings.Split(tm.screen(), "\n") {
		n = max(n, len([]rune(strings.TrimRight(l, " "))))
	}
	return n
}
