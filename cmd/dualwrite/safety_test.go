package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/lab"
)

// TestMain lets a test run the real command as a child process: the test
// binary itself, with DUALWRITE_TEST_MAIN=1, is dualwrite.
func TestMain(m *testing.M) {
	if os.Getenv("DUALWRITE_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// command runs dualwrite as a child process through sh, so a test can use a
// pipe or a signal as a user would.
func command(t *testing.T, shell string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", append([]string{"-c", shell, exe}, args...)...)
	cmd.Env = append(os.Environ(), "DUALWRITE_TEST_MAIN=1")
	return cmd
}

// syncBuffer is a bytes.Buffer safe to read while a run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
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

// waitFor polls cond until it holds or the bound passes.
func waitFor(t *testing.T, bound time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(bound)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, bound)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// natsServer starts a standalone NATS server on a free loopback port, with or
// without JetStream, and with a user and password when pass is set.
func natsServer(t *testing.T, js bool, pass string) string {
	t.Helper()
	opts := &server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: js, StoreDir: t.TempDir(), NoLog: true, NoSigs: true}
	if pass != "" {
		opts.Username, opts.Password = "alice", pass
	}
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(5 * time.Second) {
		t.Fatal("nats not ready")
	}
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	if pass != "" {
		return strings.Replace(s.ClientURL(), "nats://", "nats://alice:"+pass+"@", 1)
	}
	return s.ClientURL()
}

// streams lists the stream names on the server at url.
func streams(t *testing.T, url string) []string {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	var names []string
	l := js.StreamNames(context.Background())
	for n := range l.Name() {
		names = append(names, n)
	}
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

func TestHelpOnStdout(t *testing.T) {
	for name := range commands {
		for _, h := range []string{"--help", "-h"} {
			code, stdout, stderr := runMain(t, name, h)
			if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "usage: dualwrite "+name) {
				t.Errorf("%s %s: exit %d, stderr %q, stdout %q: want its usage on stdout and 0", name, h, code, stderr, stdout)
			}
			if !oneRun[name] {
				for _, g := range []string{"--db", "--listen", "--nats-url ", "--fresh", "--token"} {
					if name == "clean" && g == "--nats-url " {
						continue
					}
					if strings.Contains(stdout, g) {
						t.Errorf("%s --help lists %s, which it does not take", name, g)
					}
				}
			}
		}
	}
	// lesson refuses --fault (each experiment arms its own): its help does
	// not offer it.
	if _, stdout, _ := runMain(t, "lesson", "--help"); strings.Contains(stdout, "--fault") || strings.Contains(stdout, "Faults:") {
		t.Errorf("lesson --help offers --fault, which lesson refuses:\n%s", stdout)
	}
	// clean's one required flag is its own, not a refused global.
	if _, stdout, _ := runMain(t, "clean", "--help"); !strings.Contains(stdout, "--nats-url URL") {
		t.Errorf("clean --help does not list --nats-url: %q", stdout)
	}
	if _, _, stderr := runMain(t, "clean", "--bogus"); !strings.Contains(stderr, "clean takes: --dry-run, --nats-url URL") {
		t.Errorf("clean --bogus does not list --nats-url: %q", stderr)
	}
	_, stdout, _ := runMain(t, "run", "--help")
	for _, want := range []string{"text, json or mermaid", "place or lifecycle", "--fresh", "--token TOKEN", "--interval D"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("run --help lacks %q", want)
		}
	}
	_, stdout, _ = runMain(t, "--help")
	for _, want := range []string{"text|json|mermaid", "place|lifecycle", "text|markdown|json", "place|lifecycle|mixed", "clean --nats-url", "--fresh"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

// A reader that goes away ends the run quietly, as the real process with a
// real pipe: no SIGPIPE death, nothing on stderr, no temporary directory.
func TestBrokenPipe(t *testing.T) {
	tmp := t.TempDir()
	cmd := command(t, `"$0" run naive --orders 200 | head -c 10 >/dev/null; echo "${PIPESTATUS:-}"`)
	cmd.Env = append(cmd.Env, "TMPDIR="+tmp)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr %q: want nothing", stderr.String())
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "dualwrite-*")); len(left) > 0 {
		t.Errorf("left behind %v", left)
	}
}

// The same in process, against a NATS server of the user's: the run's stream
// goes too.
func TestBrokenPipeLeavesNothingOnServer(t *testing.T) {
	url := natsServer(t, true, "")
	t.Setenv("TMPDIR", t.TempDir())
	var errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &closedPipe{room: 10}, Stderr: &errb, Terminal: func() bool { return false }}
	code := m.Run(context.Background(), []string{"run", "cdc", "--orders", "200", "--nats-url", url})
	if code != exitBrokenPipe || errb.Len() != 0 {
		t.Errorf("exit %d, stderr %q: want %d and nothing said", code, errb.String(), exitBrokenPipe)
	}
	if s := streams(t, url); len(s) != 0 {
		t.Errorf("left on the server: %v", s)
	}
	if len(tempDirs(t)) != 0 {
		t.Errorf("left behind %v", tempDirs(t))
	}
}

// closedPipe takes room bytes, then fails as a pipe whose reader is gone.
type closedPipe struct{ room int }

func (p *closedPipe) Write(b []byte) (int, error) {
	if p.room <= 0 {
		return 0, syscall.EPIPE
	}
	n := min(len(b), p.room)
	p.room -= n
	if n < len(b) {
		return n, syscall.EPIPE
	}
	return n, nil
}

// A text run prints each step as it happens; an interrupt prints how far it
// got, exit 130.
func TestRunPrintsLiveAndInterruptSaysHowFar(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	go func() {
		m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Terminal: func() bool { return false }}
		done <- m.Run(ctx, []string{"run", "naive", "--interval", "1h", "--orders", "2"})
	}()
	waitFor(t, 10*time.Second, "o-1's reply printed while the run goes on", func() bool {
		return strings.Contains(out.String(), "the caller is told: ok")
	})
	cancel()
	select {
	case code := <-done:
		if code != exitInterrupted {
			t.Errorf("exit %d, want %d", code, exitInterrupted)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no end within 10s of the interrupt")
	}
	m := regexp.MustCompile(`interrupted after (\d+) steps`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("stdout lacks the partial verdict:\n%s", out.String())
	}
	if n, _ := strconv.Atoi(m[1]); n < 5 || strings.Count(out.String(), "\n") < n {
		t.Errorf("interrupted after %d steps, yet %d lines printed", n, strings.Count(out.String(), "\n"))
	}
	if !strings.Contains(errb.String(), "interrupted after") {
		t.Errorf("stderr %q", errb.String())
	}
}

// Credentials in --nats-url are never shown: not on stderr, not in the trace
// or the JSON; and a run against a server of the user's does not claim to
// serve NATS.
func TestNATSURLCredentialsNeverShown(t *testing.T) {
	url := natsServer(t, true, "s3cret-pass")
	for _, format := range []string{"text", "json", "mermaid"} {
		code, stdout, stderr := runMain(t, "run", "naive", "--nats-url", url, "--format", format)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if strings.Contains(stdout+stderr, "s3cret") || strings.Contains(stdout+stderr, "alice") {
			t.Errorf("%s: the credentials are shown:\n%s%s", format, stderr, stdout)
		}
		if strings.Contains(stderr, "served on") {
			t.Errorf("%s: stderr %q claims to serve NATS", format, stderr)
		}
		if format == "text" && !strings.Contains(stdout, "NATS at nats://REDACTED@127.0.0.1:") {
			t.Errorf("the trace does not say where NATS is:\n%s", stdout)
		}
	}
	code, _, stderr := runMain(t, "run", "naive", "--nats-url", "nats://alice:s3cret@127.0.0.1:1")
	if code != 2 || strings.Contains(stderr, "s3cret") || strings.Contains(stderr, "<nil>") || !strings.Contains(stderr, "REDACTED@127.0.0.1:1") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// A --listen run serves NATS on loopback, on the free port :0 picked, and
// says where; the system account answers there.
func TestListenFreeLoopbackPort(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errb syncBuffer
	done := make(chan int, 1)
	go func() {
		m := &Main{Stdin: strings.NewReader(""), Stdout: &syncBuffer{}, Stderr: &errb, Terminal: func() bool { return false }}
		done <- m.Run(ctx, []string{"run", "naive", "--listen", ":0", "--interval", "1h", "--orders", "2"})
	}()
	re := regexp.MustCompile(`served on (nats://127\.0\.0\.1:(\d+))`)
	waitFor(t, 10*time.Second, "the URL said", func() bool { return re.MatchString(errb.String()) })
	m := re.FindStringSubmatch(errb.String())
	if m[2] == "0" || m[2] == "4222" {
		t.Errorf("port %s: want the free one picked", m[2])
	}
	nc, err := nats.Connect(m[1], nats.UserInfo("sys", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if _, err := nc.Request("$SYS.REQ.SERVER.PING", nil, 2*time.Second); err != nil {
		t.Errorf("system account: %v", err)
	}
	cancel()
	<-done
}

func TestNoJetStreamIsOneLine(t *testing.T) {
	url := natsServer(t, false, "")
	code, _, stderr := runMain(t, "run", "naive", "--nats-url", url)
	if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "has no JetStream") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// --db takes a new directory, refuses it while a run holds it (naming the
// pid) and afterwards while it holds that run's files, until --fresh.
func TestDBDirLockAndFresh(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir := filepath.Join(t.TempDir(), "lab")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		m := &Main{Stdin: strings.NewReader(""), Stdout: &syncBuffer{}, Stderr: &syncBuffer{}, Terminal: func() bool { return false }}
		done <- m.Run(ctx, []string{"run", "naive", "--db", dir, "--interval", "1h", "--orders", "2"})
	}()
	waitFor(t, 10*time.Second, "the first run's database", func() bool {
		_, err := os.Stat(filepath.Join(dir, "orders.db"))
		return err == nil
	})
	code, _, stderr := runMain(t, "run", "naive", "--db", dir, "--fresh")
	if code != 2 || !strings.Contains(stderr, "in use by another dualwrite run (pid "+strconv.Itoa(os.Getpid())+")") {
		t.Errorf("second run: exit %d, stderr %q", code, stderr)
	}
	cancel()
	<-done
	code, _, stderr = runMain(t, "run", "naive", "--db", dir)
	if code != 2 || !strings.Contains(stderr, "--fresh") {
		t.Errorf("a run on an earlier run's files: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr = runMain(t, "run", "naive", "--db", dir, "--fresh"); code != 0 {
		t.Errorf("--fresh: exit %d, stderr %q", code, stderr)
	}
}

// A run killed with SIGKILL cannot delete its stream and bucket from a
// server of the user's: they carry the lab's tag, its pid and a max age, and
// clean removes them, leaving what is not dualwrite's.
func TestKilledRunLeftoversCarryTagAndClean(t *testing.T) {
	url := natsServer(t, true, "")
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "THEIRS", Subjects: []string{"theirs.>"}}); err != nil {
		t.Fatal(err)
	}

	tmp := t.TempDir()
	cmd := command(t, `exec "$0" run cdc --orders 50 --interval 1h --nats-url "$1"`, url)
	cmd.Env = append(cmd.Env, "TMPDIR="+tmp)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := strconv.Itoa(cmd.Process.Pid)
	waitFor(t, 20*time.Second, "the child's stream and bucket", func() bool {
		s := streams(t, url)
		return len(s) >= 3 && strings.Contains(strings.Join(s, " "), "KV_")
	})
	cmd.Process.Kill()
	cmd.Wait()

	var ours int
	for _, name := range streams(t, url) {
		info, err := js.Stream(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		c := info.CachedInfo().Config
		if name == "THEIRS" {
			continue
		}
		ours++
		if c.Metadata["dualwrite"] == "" || c.Metadata["dualwrite.pid"] != pid || c.Metadata["dualwrite.created"] == "" || c.MaxAge != 24*time.Hour {
			t.Errorf("stream %s: metadata %v, max age %s: want the tag, pid %s, the time and 24h", name, c.Metadata, c.MaxAge, pid)
		}
		if c.Duplicates > c.MaxAge {
			t.Errorf("stream %s: duplicate window %s over the max age", name, c.Duplicates)
		}
	}
	if ours < 2 {
		t.Fatalf("%d streams of the run found", ours)
	}
	code, stdout, stderr := runMain(t, "clean", "--nats-url", url)
	if code != 0 || strings.Count(stdout, "removing") != ours || !strings.Contains(stdout, "bucket KV_") || !strings.Contains(stdout, "pid "+pid) {
		t.Errorf("clean: exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	if s := streams(t, url); len(s) != 1 || s[0] != "THEIRS" {
		t.Errorf("after clean: %v, want only THEIRS", s)
	}
	if _, stdout, _ = runMain(t, "clean", "--nats-url", url); !strings.Contains(stdout, "nothing of dualwrite's") {
		t.Errorf("a second clean: %q", stdout)
	}
}

// A run of the most orders allowed stops soon after an interrupt, however
// far it got, and leaves nothing behind.
func TestLargeRunHonoursInterrupt(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan int, 1)
	go func() {
		m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &syncBuffer{}, Terminal: func() bool { return false }}
		done <- m.Run(ctx, []string{"run", "outbox", "--orders", "100000"})
	}()
	waitFor(t, 10*time.Second, "the run under way", func() bool { return strings.Contains(out.String(), "o-20 ") })
	cancel()
	select {
	case code := <-done:
		if code != exitInterrupted {
			t.Errorf("exit %d, want %d", code, exitInterrupted)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no end within 10s of the interrupt")
	}
	if len(tempDirs(t)) != 0 {
		t.Errorf("left behind %v", tempDirs(t))
	}
}

// Off loopback the run warns, and shows a token only if it made it.
func TestAnnounceOffLoopback(t *testing.T) {
	var errb bytes.Buffer
	m := &Main{Stderr: &errb}
	m.announce(lab.Serving{URL: "nats://0.0.0.0:4222", User: "dualwrite", Token: "g3nerated"}, true)
	if s := errb.String(); !strings.Contains(s, "warning: nats://0.0.0.0:4222 is reachable from other machines") ||
		strings.Count(s, "g3nerated") != 1 || !strings.Contains(s, "user dualwrite") {
		t.Errorf("stderr %q", s)
	}
	errb.Reset()
	m.announce(lab.Serving{URL: "nats://0.0.0.0:4222", User: "dualwrite"}, true) // the user's own token
	if s := errb.String(); !strings.Contains(s, "warning") || strings.Contains(s, "token, shown") {
		t.Errorf("stderr %q", s)
	}
	errb.Reset()
	m.announce(lab.Serving{URL: "nats://127.0.0.1:4222", Loopback: true}, true)
	if s := errb.String(); strings.Contains(s, "warning") || strings.Contains(s, "token") {
		t.Errorf("loopback: stderr %q", s)
	}
}

// A token given on loopback is asked for too, and never shown.
func TestListenTokenGiven(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Terminal: func() bool { return false }}
		done <- m.Run(ctx, []string{"run", "naive", "--listen", "127.0.0.1:0", "--token", "my-t0ken", "--interval", "1h", "--orders", "2"})
	}()
	re := regexp.MustCompile(`served on (nats://127\.0\.0\.1:\d+)`)
	waitFor(t, 10*time.Second, "the URL said", func() bool { return re.MatchString(errb.String()) })
	url := re.FindStringSubmatch(errb.String())[1]
	if nc, err := nats.Connect(url); err == nil {
		nc.Close()
		t.Error("a client without the token was let in")
	}
	nc, err := nats.Connect(url, nats.UserInfo("sys", "my-t0ken"))
	if err != nil {
		t.Fatal(err)
	}
	nc.Close()
	cancel()
	<-done
	if strings.Contains(out.String()+errb.String(), "my-t0ken") {
		t.Error("the token was shown")
	}
}
