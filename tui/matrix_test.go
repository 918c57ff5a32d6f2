package tui

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// cellOf finds a cell of the matrix by strategy and column.
func cellOf(t *testing.T, x *matrixScreen, id, col string) int {
	t.Helper()
	for i, c := range x.cells {
		if c.Strategy.ID == id && c.Expect.Column() == col {
			return i
		}
	}
	t.Fatalf("no cell %s × %s in the matrix", id, col)
	return -1
}

// cellOnScreen reads a cell off the screen: its got and want lines, under
// the column's name, on the strategy's lines.
func cellOnScreen(t *testing.T, screen, id, col string) (string, string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	at := -1
	for _, l := range lines {
		for j, seg := range strings.Split(l, "│") {
			if j > 0 && strings.TrimSpace(seg) == col {
				at = j
			}
		}
		if at >= 0 {
			break
		}
	}
	if at < 0 {
		t.Fatalf("no column %q on the screen:\n%s", col, screen)
	}
	for i, l := range lines {
		segs := strings.Split(l, "│")
		if len(segs) > at && strings.HasPrefix(segs[0], id+" ") && strings.Contains(segs[0], "got") && i+1 < len(lines) {
			return strings.TrimSpace(segs[at]), strings.TrimSpace(strings.Split(lines[i+1], "│")[at])
		}
	}
	t.Fatalf("no row %q on the screen:\n%s", id, screen)
	return "", ""
}

func TestMatrixFillsInAndOpensACell(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 120, 35)
	h.press("m")
	if h.m.state != stateMatrix || h.m.matrix == nil {
		t.Fatalf("m on the home screen shows %v", h.m.state)
	}
	total := len(scenarios.Cells())
	h.contains(fmt.Sprintf("of %d done", total), "naive", "service crash", "want")
	x := h.m.matrix
	h.untilWithin(matrixBound, "every cell is filled in", func() bool { return x.finished })
	if x.filled != total {
		t.Fatalf("%d of %d cells filled in", x.filled, total)
	}
	h.contains(fmt.Sprintf("%d of %d done", total, total), fmt.Sprintf("%d runs in", total))

	i := cellOf(t, x, "naive", "service crash")
	c := x.cells[i]
	if !c.Met() || c.Report == nil || c.Report.Anomalies.Lost != 1 || c.Expect.Want.Lost != 1 {
		t.Fatalf("naive × service crash: met %v, report %+v, want %+v, mismatch %q, err %v", c.Met(), c.Report, c.Expect.Want, c.Mismatch, c.Err)
	}
	got, want := cellOnScreen(t, h.screen(), "naive", "service crash")
	if !strings.HasPrefix(got, "= lost 1") || strings.Contains(got, "✗") || strings.Contains(got, "differs") {
		t.Fatalf("naive × service crash shows %q, want = lost 1 and no mismatch mark:\n%s", got, h.screen())
	}
	// As expected is neutral, and the loss is in the colour of losses, not
	// green: a room reads green as safe.
	st := h.m.st
	if m, _, _ := x.cellText(i); m != "=" {
		t.Fatalf("the mark of an expected loss is %q, want =", m)
	}
	if ms := measuredStyled(st, c); !strings.Contains(ms, st.lost.Render("lost 1")) || strings.Contains(ms, st.good.Render("lost 1")) {
		t.Fatalf("the measured loss is styled %q, want the lost colour", ms)
	}
	if want != "lost 1" {
		t.Fatalf("naive × service crash expects %q on screen, want lost 1:\n%s", want, h.screen())
	}

	// naive has no lifecycle cell: → skips it, to the crash.
	h.press("right")
	if x.cur != i {
		t.Fatalf("→ from naive × no fault went to %s × %s", x.cells[x.cur].Strategy.ID, x.cells[x.cur].Expect.Column())
	}
	h.contains("naive × service crash (after-commit=1*crash)", "as the catalog expects", "dualwrite run naive --seed 1 --fault 'after-commit=1*crash'")
	h.press("enter")
	h.idle()
	r := h.run()
	if r.strat.ID != "naive" || r.fr.steps != 0 || r.sess.cfg.Seed != 1 || r.sess.cfg.Lifecycle {
		t.Fatalf("enter opened %s at step %d with seed %d", r.strat.ID, r.fr.steps, r.sess.cfg.Seed)
	}
	if f := r.fr.faults; len(f) != 1 || f[0] != "after-commit=1*crash" {
		t.Fatalf("the run screen armed %v, want after-commit=1*crash", f)
	}
	h.contains("naive", "seed 1", "step 0", "armed: after-commit=1*crash")
	dir := h.dirOf()
	// The same run as the matrix's: o-1 lost.
	h.press("r")
	h.idle()
	if rep := h.run().fr.report; rep == nil || rep.Anomalies.Lost != 1 {
		t.Fatalf("the replay's report: %+v", rep)
	}
	h.contains("✗ lost", "o-1")
	h.press("esc")
	if h.m.state != stateMatrix || h.m.matrix != x || x.filled != total || x.cur != i {
		t.Fatalf("esc from the cell's run shows %v (same matrix %v, %d filled, cursor %d)", h.m.state, h.m.matrix == x, x.filled, x.cur)
	}
	h.until("the cell's run is closed", func() bool { _, err := os.Stat(dir); return os.IsNotExist(err) })
	h.contains("naive × service crash", fmt.Sprintf("%d of %d done", total, total))
	h.press("esc")
	if h.m.state != stateHome || h.m.matrix != nil {
		t.Fatalf("esc from the matrix shows %v", h.m.state)
	}
}

// labGoroutines counts the goroutines of runs: the lab's, the strategies',
// and the NATS server's and clients'.
func labGoroutines() int { return len(labStacks()) }

// labStacks are the stacks of the goroutines of runs: the lab's, the
// strategies' and NATS's.
func labStacks() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "dualwrite/dualwrite/lab.") || strings.Contains(g, "dualwrite/dualwrite/scenarios.") ||
			strings.Contains(g, "github.com/nats-io/") {
			out = append(out, g)
		}
	}
	return out
}

// runsGone waits until no run of the matrix is left: no goroutine and no
// directory.
func runsGone(t *testing.T, tmp string, before int) {
	t.Helper()
	deadline := time.Now().Add(bound)
	for {
		dirs, _ := filepath.Glob(filepath.Join(tmp, "dualwrite-*"))
		n := labGoroutines()
		if len(dirs) == 0 && n <= before {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %d goroutines of runs (%d before), directories %v:\n%s", bound, n, before, dirs,
				strings.Join(labStacks(), "\n\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestLeavingTheMatrixStopsItsRuns(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // the runs' directories go here
	h := newHarness(t, Options{Base: baseConfig()}, 80, 24)
	before := labGoroutines()
	started := func() bool { return h.m.matrix != nil && h.m.matrix.filled > 0 }

	// esc in the middle: back home, every run stopped and closed.
	h.press("m")
	h.until("a first cell", started)
	if h.m.matrix.finished {
		t.Skip("the matrix finished before esc could leave it early")
	}
	mr := h.m.matrix.mr
	h.press("esc")
	if h.m.state != stateHome || h.m.matrix != nil {
		t.Fatalf("esc from the matrix shows %v", h.m.state)
	}
	if mr.ctx.Err() == nil {
		t.Fatal("esc left the matrix's runs going")
	}
	h.until("the matrix's runs are closed", func() bool { return len(h.m.matrices) == 0 })
	runsGone(t, tmp, before)

	// q in the middle: the UI quits once every run is closed.
	h.press("m")
	h.until("a first cell", started)
	mr = h.m.matrix.mr
	h.press("q")
	if mr.ctx.Err() == nil {
		t.Fatal("q left the matrix's runs going")
	}
	h.until("q quits", func() bool { return h.quit })
	if len(h.m.matrices) != 0 {
		t.Fatalf("q quit with %d matrices still running", len(h.m.matrices))
	}
	runsGone(t, tmp, before)
}

// fakeMatrix is a matrix filled in by hand: every cell as the catalog
// expects, but one that differs and one that failed.
func fakeMatrix(t *testing.T) (*matrixScreen, int, int) {
	t.Helper()
	x := newMatrixScreen(&matrixRun{id: -1})
	differ := cellOf(t, x, "naive", "service crash")
	failed := cellOf(t, x, "outbox", "relay crash")
	for i, c := range x.cells {
		w := c.Expect.Want
		c.Report = &lab.Report{Settled: true}
		c.Report.Anomalies = check.Anomalies{Lost: w.Lost, Ghost: w.Ghost, Duplicate: w.Duplicate, Reordered: w.Reordered}
		switch i {
		case differ:
			c.Report.Anomalies.Lost = 0
			c.Mismatch = "lost 0, want 1"
		case failed:
			c.Report, c.Err = nil, errors.New("the broker would not start")
		}
		x.add(c)
	}
	x.finish()
	return x, differ, failed
}

func TestMatrixMarksWhatDiffers(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 120, 35)
	x, differ, failed := fakeMatrix(t)
	h.m.matrix, h.m.state = x, stateMatrix
	got, want := cellOnScreen(t, h.screen(), "naive", "service crash")
	if got != "✗ differs: consistent" || want != "lost 1" {
		t.Fatalf("the differing cell shows %q over %q:\n%s", got, want, h.screen())
	}
	h.contains("✗ 1 differ", "! 1 could not run")
	h.press("right")
	if x.cur != differ {
		t.Fatalf("→ went to cell %d, want %d", x.cur, differ)
	}
	h.contains("✗ differs from the catalog: lost 0, want 1")
	x.cur = failed
	h.contains("! the run failed: the broker would not start")
	got, _ = cellOnScreen(t, h.screen(), "outbox", "relay crash")
	if got != "! error" {
		t.Fatalf("the failed cell shows %q:\n%s", got, h.screen())
	}
}

// Every key at every size keeps the screen exactly the terminal's size,
// with the cursor on a cell in sight.
func TestMatrixFitsAndScrolls(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 80, 24)
	x, _, _ := fakeMatrix(t)
	h.m.matrix, h.m.state = x, stateMatrix
	rng := rand.New(rand.NewSource(1))
	keys := []string{"up", "down", "left", "right", "h", "j", "k", "l"}
	for _, size := range [][2]int{{80, 24}, {120, 35}, {72, 20}, {100, 30}, {200, 50}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for range 40 {
			h.press(keys[rng.Intn(len(keys))])
			lines := strings.Split(h.m.View().Content, "\n")
			if len(lines) != size[1] {
				t.Fatalf("%dx%d: %d lines", size[0], size[1], len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != size[0] {
					t.Fatalf("%dx%d: line %d is %d wide: %q", size[0], size[1], i, w, ansi.Strip(l))
				}
			}
			c := x.cells[x.cur]
			if !x.done[x.cur] {
				t.Fatalf("the cursor is on a cell not filled in")
			}
			s := h.screen()
			if !strings.Contains(s, c.Strategy.ID+" × "+c.Expect.Column()) {
				t.Fatalf("%dx%d: the cell under the cursor is not described:\n%s", size[0], size[1], s)
			}
			if !strings.Contains(s, c.Expect.Column()) {
				t.Fatalf("%dx%d: the cursor's column is out of sight:\n%s", size[0], size[1], s)
			}
		}
		h.contains("←↑↓→ move", "enter step through it", "esc home")
	}
	// Every cell can be reached with the arrows from the first.
	seen := map[int]bool{0: true}
	for todo := []int{0}; len(todo) > 0; todo = todo[1:] {
		for _, d := range [][2]int{{0, -1}, {0, 1}, {-1, 0}, {1, 0}} {
			x.cur = todo[0]
			x.move(d[0], d[1])
			if !seen[x.cur] {
				seen[x.cur] = true
				todo = append(todo, x.cur)
			}
		}
	}
	if len(seen) != len(x.cells) {
		t.Fatalf("the arrows reach %d of %d cells", len(seen), len(x.cells))
	}
}

func TestHomeHelpShowsTheMatrix(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 80, 24)
	h.contains("m matrix")
	h.press("?")
	h.contains("matrix")
}
