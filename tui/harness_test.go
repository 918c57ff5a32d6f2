package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// harness drives the root model the way a program does: it sends messages to
// Update on the test's goroutine, runs the commands it gets back on their
// own goroutines and feeds their messages back in.
type harness struct {
	t    *testing.T
	m    *Model
	msgs chan tea.Msg
	done chan struct{}
	quit bool
	dirs []string // run directories seen, checked gone at the end
}

// bound is how long a condition may take: a whole run with recovery takes
// well under a second here, and -race on two cores is slower.
const bound = 20 * time.Second

func newHarness(t *testing.T, opts Options, w, h int) *harness {
	t.Helper()
	m := New(context.Background(), opts)
	hs := &harness{t: t, m: m, msgs: make(chan tea.Msg, 64), done: make(chan struct{})}
	t.Cleanup(func() {
		close(hs.done)
		if err := m.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		for _, d := range hs.dirs {
			if _, err := os.Stat(d); !os.IsNotExist(err) {
				t.Errorf("the run's directory %s is still there", d)
			}
		}
	})
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.exec(m.Init())
	return hs
}

// startRun starts a run of a strategy for Options.Run.
func startRun(t *testing.T, id string, seed int64, specs ...string) *lab.Run {
	t.Helper()
	return startWith(t, id, func(c *lab.Config) { c.Seed = seed }, specs...)
}

func baseConfig() scenarios.Spec { return scenarios.Spec{Seed: 1, Orders: 3} }

func (h *harness) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() { h.deliver(cmd()) }()
}

func (h *harness) deliver(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.exec(c)
		}
	default:
		select {
		case h.msgs <- msg:
		case <-h.done:
		}
	}
}

func (h *harness) send(msg tea.Msg) {
	if _, ok := msg.(tea.QuitMsg); ok {
		h.quit = true
		return
	}
	_, cmd := h.m.Update(msg)
	if h.m.run != nil && h.m.run.loaded && h.m.run.fr.dir != "" {
		h.noteDir(h.m.run.fr.dir)
	}
	h.exec(cmd)
}

func (h *harness) noteDir(d string) {
	for _, x := range h.dirs {
		if x == d {
			return
		}
	}
	h.dirs = append(h.dirs, d)
}

// press sends keys by name: "space", "left", "esc", "enter", or a character.
func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// until processes messages until cond holds, failing after bound.
func (h *harness) until(what string, cond func() bool) {
	h.t.Helper()
	h.untilWithin(bound, what, cond)
}

// matrixBound bounds the wait for a whole matrix, 61 real runs: under -race
// on a busy machine they take longer than one step's bound.
const matrixBound = 3 * time.Minute

// untilWithin is until with a bound of its own.
func (h *harness) untilWithin(bound time.Duration, what string, cond func() bool) {
	h.t.Helper()
	deadline := time.NewTimer(bound)
	defer deadline.Stop()
	for !cond() {
		select {
		case msg := <-h.msgs:
			h.send(msg)
		case <-deadline.C:
			h.t.Fatalf("%s: not within %s; the screen:\n%s", what, bound, h.screen())
		}
	}
}

// idle waits until no operation is in flight.
func (h *harness) idle() {
	h.t.Helper()
	h.until("the run is idle", func() bool { return h.m.run == nil || (h.m.run.loaded && !h.m.run.busy && h.m.run.queued == 0) })
}

// step presses space n times, each time waiting for the step to be done.
func (h *harness) step(n int) {
	h.t.Helper()
	for range n {
		h.press("space")
		h.idle()
	}
}

// screen is the view as plain text.
func (h *harness) screen() string { return ansi.Strip(h.m.View().Content) }

func (h *harness) run() *runScreen {
	h.t.Helper()
	if h.m.run == nil {
		h.t.Fatalf("not on a run screen; the screen:\n%s", h.screen())
	}
	return h.m.run
}

// contains fails unless the screen has every string.
func (h *harness) contains(want ...string) {
	h.t.Helper()
	s := h.screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			h.t.Fatalf("the screen does not say %q:\n%s", w, s)
		}
	}
}

func (h *harness) lacks(bad ...string) {
	h.t.Helper()
	s := h.screen()
	for _, b := range bad {
		if strings.Contains(s, b) {
			h.t.Fatalf("the screen says %q:\n%s", b, s)
		}
	}
}

// panelLines returns the lines of the right-hand column, under the
// diagram's separator.
func panelLines(screen string) []string {
	var out []string
	for _, l := range strings.Split(screen, "\n") {
		if i := strings.Index(l, "│"); i >= 0 {
			// the last separator on the line is the column's
			j := strings.LastIndex(l, "│")
			out = append(out, l[j+len("│"):])
		}
	}
	return out
}

// dirOf returns the run directory on show, and that it exists.
func (h *harness) dirOf() string {
	h.t.Helper()
	d := h.run().fr.dir
	if d == "" || !filepath.IsAbs(d) {
		h.t.Fatalf("no run directory: %q", d)
	}
	if _, err := os.Stat(d); err != nil {
		h.t.Fatalf("the run directory: %v", err)
	}
	return d
}
