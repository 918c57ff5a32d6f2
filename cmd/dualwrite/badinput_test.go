package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// snapshot is every file and directory under root, with a digest of each
// file's content and mode, so a test sees any change.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			out[path] = "unreadable"
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if d.IsDir() {
			out[path] = "dir " + info.Mode().String()
			return nil
		}
		b, _ := os.ReadFile(path)
		out[path] = fmt.Sprintf("%s %x", info.Mode(), sha256.Sum256(b))
		return nil
	})
	return out
}

func diffSnapshots(before, after map[string]string) []string {
	var changed []string
	for p, v := range before {
		if after[p] != v {
			changed = append(changed, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			changed = append(changed, p)
		}
	}
	return changed
}

// sandbox makes directories a user might point dualwrite at, each with
// something in it that must stay as it is.
type sandbox struct {
	root, foreign, earlier, stranger, locked, badMarker, readonly, file string
}

func newSandbox(t *testing.T) sandbox {
	t.Helper()
	root := t.TempDir()
	s := sandbox{root: root}
	write := func(rel, content string) string {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	marker := `{"made_by": "dualwrite", "files": ["orders.db", "orders.db-wal", "shipping.db", "nats"]}`
	// The user's own files, with names a run would use.
	write("foreign/orders.db", "the user's table mine")
	write("foreign/nats/unrelated", "the user's")
	s.foreign = filepath.Join(root, "foreign")
	// An earlier run's files, which only --fresh may remove.
	write("earlier/.dualwrite", marker)
	write("earlier/orders.db", "an earlier run")
	s.earlier = filepath.Join(root, "earlier")
	// A lab directory someone put a file of theirs in.
	write("stranger/.dualwrite", marker)
	write("stranger/notes.txt", "the user's notes")
	s.stranger = filepath.Join(root, "stranger")
	// A lab directory another run holds.
	write("locked/.dualwrite", marker)
	lock := write("locked/.dualwrite.lock", "4242\n")
	s.locked = filepath.Join(root, "locked")
	f, err := os.OpenFile(lock, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	// A .dualwrite that dualwrite did not write.
	write("badmarker/.dualwrite", "not json")
	s.badMarker = filepath.Join(root, "badmarker")
	s.readonly = filepath.Join(root, "readonly")
	if err := os.Mkdir(s.readonly, 0o500); err != nil {
		t.Fatal(err)
	}
	s.file = write("afile", "a file, not a directory")
	return s
}

type badCase struct {
	args []string
	want string // in the one line on stderr
}

func badCases(t *testing.T, s sandbox) []badCase {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { busy.Close() })
	noJS := natsServer(t, false, "")
	ro := filepath.Join(s.readonly, "x")
	if os.Geteuid() == 0 {
		ro = "/proc/version/x" // root writes anywhere else
	}
	r := func(args ...string) []string { return append([]string{"run", "naive"}, args...) }
	return []badCase{
		// commands
		{nil, "use a subcommand"},
		{[]string{"frobnicate"}, "valid commands are"},
		{[]string{"run"}, "run needs one strategy: naive, publish-first"},
		{[]string{"run", "nope"}, `unknown strategy "nope": valid strategies are naive`},
		{[]string{"run", "naive", "outbox"}, `run takes one strategy, got "naive" and "outbox"`},
		{[]string{"run", "naive", "--", "--orders", "5"}, `got "naive" and "--orders" (a flag after a lone -- is read as an argument)`},
		// faults
		{r("--fault", "nowhere=crash"), `unknown fault point "nowhere"`},
		{r("--fault", "commit=crsh"), "valid actions are crash, error"},
		{r("--fault", "commit=1*"), "malformed term"},
		{r("--fault", "commit"), "want POINT=TERM"},
		{r("--fault", "=crash"), "want POINT=TERM"},
		{r("--fault", "commit="), "malformed term"},
		{r("--fault", "commit=ack-lost"), "valid there are crash, error, delay"},
		{r("--fault", "commit=1*crash", "--fault", "commit=error"), "a second --fault for commit: one --fault per point; chain its terms with ->"},
		{r("--fault", "commit=crash->1*error"), `unreachable "1*error" after "crash"`},
		{r("--fault", "publish=25%error->crash"), `unreachable "crash"`},
		{r("--fault", "commit=delay(1000h)"), "the limit is 1h"},
		{r("--fault", "publish=broker-down(2h)"), "the limit is 1h"},
		{r("--fault", "commit=delay(0s)"), "positive Go duration"},
		{r("--fault", "commit=0*crash"), "N* needs a whole number N from 1 to 1000000"},
		{r("--fault", "commit=150%crash"), "P% needs 0 < P <= 100"},
		{r("--fault", "publish=broker-down", "--nats-url", "nats://127.0.0.1:1"), "with --nats-url there is none"},
		// numbers and durations
		{r("--orders", "0"), "bad --orders 0: need at least 1"},
		{r("--orders", "-5"), "bad --orders -5"},
		{r("--orders", "x"), `invalid value "x" for --orders: want a whole number`},
		{r("--orders", "1e3"), "for --orders: want a whole number"},
		{r("--orders", "100001"), "bad --orders 100001: the limit is 100000"},
		{r("--orders", "100000000"), "the limit is 100000"},
		{r("--orders", "99999999999999999999"), "for --orders"},
		{r("--orders"), "--orders needs a value"},
		{r("-orders=x"), "for --orders"},
		{r("--interval", "2h"), "bad --interval 2h: the limit is 1h"},
		{r("--interval", "90m"), "bad --interval 1h30m: the limit is 1h"},
		{r("--interval", "-1s"), "bad --interval -1s"},
		{r("--interval", "soon"), "for --interval: want a Go duration"},
		{r("--poll-interval", "0s"), "bad --poll-interval 0s"},
		{r("--poll-interval", "61m"), "the limit is 1h"},
		{r("--seed", "x"), "for --seed: want a whole number"},
		// values
		{r("--format", "xml"), "valid values are text, json, mermaid"},
		{r("--workload", "chaos"), "valid values are place, lifecycle"},
		{r("--format"), "--format needs a value"},
		{r("--bogus"), "flag provided but not defined: --bogus"},
		{r("-bogus"), "flag provided but not defined: --bogus"},
		{r("---orders", "5"), "bad flag syntax"},
		// --db
		{r("--db", s.foreign), "dualwrite did not make it: nats, orders.db"},
		{r("--db", s.foreign, "--fresh"), "dualwrite did not make it: nats, orders.db"},
		{r("--db", s.earlier), "earlier run's files (orders.db); add --fresh"},
		{r("--db", s.stranger, "--fresh"), "dualwrite made it, but not these: notes.txt"},
		{r("--db", s.locked, "--fresh"), "in use by another dualwrite run (pid 4242)"},
		{r("--db", s.badMarker), "not one dualwrite wrote"},
		{r("--db", s.file), "--db " + s.file},
		{r("--db", ro), "--db"},
		{r("--fresh"), "--fresh starts afresh in a --db directory"},
		// the network
		{r("--listen", busy.Addr().String()), "cannot listen on " + busy.Addr().String()},
		{r("--listen", "4222"), "bad --listen"},
		{r("--listen", ":99999"), "the port must be a number from 0 to 65535"},
		{r("--listen", ":0", "--nats-url", "nats://127.0.0.1:1"), "drop one of the two"},
		{r("--token", "t"), "--token is for --listen"},
		{r("--nats-url", "nats://127.0.0.1:1"), "cannot reach NATS at nats://127.0.0.1:1: nats: no servers available"},
		{r("--nats-url", "nats://alice:s3cret@127.0.0.1:1"), "nats://REDACTED@127.0.0.1:1"},
		{r("--nats-url", noJS), "has no JetStream"},
		// list
		{[]string{"list", "extra"}, "list takes no arguments"},
		{[]string{"list", "--db", "x"}, "list makes no run"},
		{[]string{"list", "--json=maybe"}, `invalid value "maybe" for --json: want true or false`},
		// chaos
		{[]string{"chaos", "--runs", "0"}, "bad --runs 0"},
		{[]string{"chaos", "--runs", "1000001"}, "bad --runs 1000001: the limit is 1000000"},
		{[]string{"chaos", "--runs", "many"}, "invalid value"},
		{[]string{"chaos", "--db", "x"}, "chaos makes many runs"},
		{[]string{"chaos", "--listen", ":0"}, "chaos makes many runs"},
		{[]string{"chaos", "--format", "xml"}, "valid values are text, json"},
		{[]string{"chaos", "--workload", "x"}, "valid values are place, lifecycle, mixed"},
		{[]string{"chaos", "--strategy", "nope"}, "bad --strategy"},
		{[]string{"chaos", "extra"}, "chaos takes no arguments"},
		// bench
		{[]string{"bench", "--orders", "1"}, "bad --orders 1"},
		{[]string{"bench", "--orders", "100001"}, "the limit is 100000"},
		{[]string{"bench", "--orders", "100000000"}, "the limit is 100000"},
		{[]string{"bench", "--nats-url", "nats://x"}, "bench makes many runs"},
		{[]string{"bench", "--format", "csv"}, "valid values are text, json"},
		// compare
		{[]string{"compare", "--format", "csv"}, "valid values are text, markdown, json"},
		{[]string{"compare", "--db", "x"}, "compare makes many runs"},
		{[]string{"compare", "extra"}, "compare takes no arguments"},
		// resume
		{[]string{"resume"}, "resume needs --db DIR"},
		{[]string{"resume", "naive", "--db", s.earlier}, "resume takes no strategy"},
		{[]string{"resume", "--db", s.foreign}, "nothing to resume"},
		{[]string{"resume", "--db", s.earlier}, "nothing to resume"},
		{[]string{"resume", "--db", s.stranger}, "nothing to resume"},
		{[]string{"resume", "--db", filepath.Join(s.root, "absent")}, "nothing to resume"},
		{[]string{"resume", "--db", s.earlier, "--listen", ":0"}, "resume does not serve NATS"},
		{[]string{"resume", "--db", s.earlier, "--format", "mermaid"}, "--format"},
		// clean
		{[]string{"clean"}, "clean needs --nats-url"},
		{[]string{"clean", "--nats-url", "nats://alice:s3cret@127.0.0.1:1"}, "cannot reach NATS at nats://REDACTED@127.0.0.1:1"},
		{[]string{"clean", "--nats-url", noJS}, "has no JetStream"},
		{[]string{"clean", "--db", "x"}, "flag provided but not defined: --db"},
		{[]string{"clean", "extra"}, "clean takes no arguments"},
		// tui
		{[]string{"tui", "--fault", "commit=crash"}, "--fault needs a strategy"},
		{[]string{"tui", "naive", "outbox"}, "tui takes at most one strategy"},
		{[]string{"tui", "nope"}, "unknown strategy"},
		{[]string{"tui", "naive"}, "tui needs a terminal"},
		{[]string{"tui", "--orders", "0"}, "bad --orders 0"},
		{[]string{"tui", "naive", "--orders", "200000"}, "the limit is 100000"},
	}
}

// One table of bad inputs: each is refused with exit 2 and one line on
// stderr, without a panic, a temporary directory left, or a change to any
// file it was pointed at.
func TestBadInputTable(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s := newSandbox(t)
	cases := badCases(t, s)
	if len(cases) < 60 {
		t.Fatalf("%d cases, want at least 60", len(cases))
	}
	wd, _ := os.Getwd()
	cwdBefore := topLevel(t, wd)
	for i, c := range cases {
		t.Run(strconv.Itoa(i)+" "+strings.Join(c.args, " "), func(t *testing.T) {
			before := snapshot(t, s.root)
			var code int
			var stdout, stderr string
			func() {
				defer func() {
					if v := recover(); v != nil {
						t.Fatalf("panic: %v", v)
					}
				}()
				// Bounded, so that input wrongly taken (a limit not
				// enforced) fails the case instead of running for hours.
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				var out, errb bytes.Buffer
				m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Terminal: func() bool { return false }}
				code = m.Run(ctx, c.args)
				stdout, stderr = out.String(), errb.String()
			}()
			if code != exitBadArgs {
				t.Errorf("exit status %d, want 2 (stderr %q)", code, stderr)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") || !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q: want one line containing %q", stderr, c.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
				t.Errorf("left behind %v", left)
				for _, l := range left {
					os.RemoveAll(l)
				}
			}
			if changed := diffSnapshots(before, snapshot(t, s.root)); len(changed) > 0 {
				t.Errorf("changed %v", changed)
			}
		})
	}
	if after := topLevel(t, wd); after != cwdBefore {
		t.Errorf("the working directory changed: %s", after)
	}
}

func topLevel(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}
