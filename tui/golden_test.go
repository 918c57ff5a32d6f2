package tui

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/lab"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// probe asks the running program about its model, on the program's own
// goroutine, between two messages.
type probe struct {
	f    func(*Model) bool
	view chan string // the view, once f holds
}

// program runs the whole UI with tea.NewProgram at a fixed size and colour
// profile, as a terminal would, and answers probes.
type program struct {
	t    *testing.T
	p    *tea.Program
	done chan struct{} // closed when Run returned, with its error in err
	err  error
	m    *Model
}

func startProgram(t *testing.T, opts Options, w, h int) *program {
	t.Helper()
	m := New(context.Background(), opts)
	filter := func(_ tea.Model, msg tea.Msg) tea.Msg {
		if pr, ok := msg.(probe); ok {
			if pr.f(m) {
				pr.view <- m.View().Content
			} else {
				pr.view <- ""
			}
			return nil
		}
		return msg
	}
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithWindowSize(w, h),
		tea.WithColorProfile(colorprofile.ANSI), tea.WithoutSignals(), tea.WithFilter(filter))
	pr := &program{t: t, p: p, done: make(chan struct{}), m: m}
	go func() {
		_, pr.err = p.Run()
		close(pr.done)
	}()
	t.Cleanup(func() {
		p.Kill()
		<-pr.done // the model is the program's until Run returns
		m.Close()
	})
	return pr
}

// await polls the program until cond holds, and returns the view then.
func (p *program) await(what string, cond func(*Model) bool) string {
	p.t.Helper()
	deadline := time.Now().Add(bound)
	for time.Now().Before(deadline) {
		pr := probe{f: cond, view: make(chan string, 1)}
		p.p.Send(pr)
		select {
		case v := <-pr.view:
			if v != "" {
				return v
			}
		case <-time.After(bound):
		}
		time.Sleep(10 * time.Millisecond)
	}
	p.t.Fatalf("%s: not within %s", what, bound)
	return ""
}

// ask reports whether cond holds now.
func (p *program) ask(cond func(*Model) bool) bool {
	pr := probe{f: cond, view: make(chan string, 1)}
	p.p.Send(pr)
	return <-pr.view != ""
}

func (p *program) press(keys ...string) {
	for _, k := range keys {
		p.p.Send(keyMsg(k))
	}
}

// quit presses q and waits for the program to end; the run must be closed.
func (p *program) quit() {
	p.t.Helper()
	p.press("q")
	select {
	case <-p.done:
		if p.err != nil {
			p.t.Fatalf("the program ended with %v", p.err)
		}
	case <-time.After(bound):
		p.t.Fatal("q did not end the program")
	}
	if len(p.m.live) != 0 {
		p.t.Fatalf("%d runs still open after q", len(p.m.live))
	}
}

func idleAt(steps int) func(*Model) bool {
	return func(m *Model) bool {
		return m.run != nil && m.run.loaded && !m.run.busy && m.run.queued == 0 && m.run.fr.steps == steps
	}
}

func finished(m *Model) bool {
	return m.run != nil && m.run.loaded && !m.run.busy && m.run.fr.finished
}

// Timings and paths vary from run to run; everything else on screen must not.
var masks = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`p50 [0-9.]+ms, p99 [0-9.]+ms`), "p50 X.Xms, p99 X.Xms"},
	{regexp.MustCompile(`reconnected in [0-9.]+[mµn]?s`), "reconnected in Xms"},
	{regexp.MustCompile(regexp.QuoteMeta(lab.TempRoot()) + `/dualwrite-[0-9]+`), "/tmp/dualwrite-X"},
}

// golden compares a view, downsampled to the ANSI profile, with
// testdata/name.golden.
func golden(t *testing.T, name, view string) {
	t.Helper()
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.ANSI}
	if _, err := w.WriteString(view); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, m := range masks {
		got = m.re.ReplaceAllString(got, m.with)
	}
	// A masked value of another length pads its line differently.
	lines := strings.Split(got, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	got = strings.Join(lines, "\n")
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -run Golden -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; the screen now:\n%s\n\nthe golden file:\n%s\n\n(go test ./tui -run Golden -update rewrites it)",
			path, ansi.Strip(got), ansi.Strip(string(want)))
	}
}

func TestGoldenNaiveAfterCommitCrash(t *testing.T) {
	p := startProgram(t, Options{Run: startRun(t, "naive", 1, "after-commit=1*crash"), Base: baseConfig()}, 100, 30)
	p.await("the run is loaded", idleAt(0))
	p.press("space", "space", "space", "space")
	golden(t, "naive-after-commit-crash-step4", p.await("step 4", idleAt(4)))
	p.press("r")
	golden(t, "naive-after-commit-crash-verdict", p.await("the verdict", finished))
	p.quit()
}

func TestGoldenOutboxDedup(t *testing.T) {
	run := startRun(t, "outbox-dedup", 1, "relay.after-publish=1*crash")
	p := startProgram(t, Options{Run: run, Base: baseConfig()}, 100, 30)
	p.await("the run is loaded", idleAt(0))
	// Step until the relay's crash: the same step every time, from the seed.
	struck := func(m *Model) bool {
		for _, e := range m.run.fr.events {
			if e.Fault != "" {
				return true
			}
		}
		return false
	}
	for n := 1; !p.ask(struck); n++ {
		if n > 40 {
			t.Fatal("the relay's crash did not strike within 40 steps")
		}
		p.press("space")
		p.await("a step", idleAt(n))
	}
	golden(t, "outbox-dedup-relay-crash-fault", p.await("the fault", struck))
	p.press("r")
	golden(t, "outbox-dedup-relay-crash-verdict", p.await("the verdict", finished))
	p.quit()
}

// TestGoldenPresenterOutboxDuplicate is the end screen of the outbox's
// relay crash in presenter mode at 80x24: the duplicate row of o-1 shows in
// the panels, the verdict names it, and there is no key line.
func TestGoldenPresenterOutboxDuplicate(t *testing.T) {
	run := startRun(t, "outbox", 1, "relay.after-publish=1*crash")
	p := startProgram(t, Options{Run: run, Base: baseConfig(), Present: true, Theme: "dark"}, 80, 24)
	p.await("the run is loaded", idleAt(0))
	p.press("r")
	view := p.await("the verdict", finished)
	plain := ansi.Strip(view)
	for _, want := range []string{"✗ o-1   placed v1   ×2 DUPLICATE", "✗ duplicate o-1 was shipped 2 times", "✗ INCONSISTENT"} {
		if !strings.Contains(plain, want) {
			t.Errorf("the end screen lacks %q:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, "q quit") {
		t.Errorf("presenter mode shows the key line:\n%s", plain)
	}
	golden(t, "presenter-outbox-relay-crash-verdict-80x24", view)
	p.quit()
}

// A docs page as Glamour renders it in the docs pane, at a projector's 80×24.
func TestGoldenDocsPage(t *testing.T) {
	p := startProgram(t, Options{Base: baseConfig()}, 80, 24)
	p.await("the home screen", func(m *Model) bool { return m.state == stateHome })
	p.press("d")
	golden(t, "docs-naive-80x24", p.await("the docs page", func(m *Model) bool { return m.state == stateDocs }))
	p.quit()
}
