package tui

import (
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/trace"
)

// stepsOf is the trace without what changes from run to run.
func stepsOf(events []trace.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, strings.Join([]string{e.Actor, e.Target, e.Step, e.Order, e.Fault}, "|"))
	}
	return out
}

// has reports whether a step of this name is on the trace.
func has(events []trace.Event, step string) bool {
	for _, e := range events {
		if e.Step == step {
			return true
		}
	}
	return false
}

func panelHas(screen, text string) bool {
	for _, l := range panelLines(screen) {
		if strings.Contains(l, text) {
			return true
		}
	}
	return false
}

func TestStepReadsTheStoresBack(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1, "after-commit=1*crash"), Base: baseConfig()}, 100, 30)
	h.idle()
	h.contains("naive", "seed 1", "step 0", "after-commit=1*crash", "(no rows)")
	// Up to the commit, o-1 is only in the open transaction: the orders
	// panel, read from orders.db, must not have it.
	for !has(h.run().fr.events, "commit") {
		if panelHas(h.screen(), "o-1   placed") {
			t.Fatalf("o-1 shows in the orders panel before its commit:\n%s", h.screen())
		}
		h.step(1)
		if h.run().fr.steps > 10 {
			t.Fatalf("no commit within 10 steps:\n%s", h.screen())
		}
	}
	if !panelHas(h.screen(), "o-1   placed") {
		t.Fatalf("after the commit the orders panel does not show o-1:\n%s", h.screen())
	}
	// The fault is a step of its own: shown coming after the commit, then
	// striking on the next key.
	h.contains("▸o-1      ├─commit", "step 4")
	if n := h.run().fr.next; n.Actor != trace.Service || n.Step != "fault" || n.Order != "o-1" {
		t.Fatalf("next step is %+v, want the fault at o-1", n)
	}
	h.step(1)
	h.contains("step 5", "⚡ FAULT after-commit=crash", "✗ CRASH", "service #2", "The caller gets no answer")
	if n := h.run().fr.next; n.Actor != trace.Service || n.Step != "request" || n.Order != "o-2" {
		t.Fatalf("next step is %+v, want the service's request of o-2", n)
	}
	h.contains("›o-2      · request")
	h.press("r")
	h.idle()
	h.contains("✗ INCONSISTENT", "✗ lost", "o-1 is in orders but shipping never heard of it", "never arrived: LOST")
	if !h.run().fr.finished {
		t.Fatal("r did not finish the run")
	}
	// The diagram scrolls back to the start of the run and on again.
	h.lacks("┄┄ start:")
	// On the verdict ↑↓ scroll the findings; pgup and pgdn the diagram.
	for range 3 {
		h.press("pgup")
	}
	h.contains("┄┄ start:")
	for range 3 {
		h.press("pgdown")
	}
	h.lacks("┄┄ start:")
}

func TestCrashNow(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig()}, 100, 30)
	h.idle()
	for !has(h.run().fr.events, "write") {
		h.step(1)
	}
	h.press("c")
	h.idle()
	ev := h.run().fr.events
	var crashed, abandoned bool
	for _, e := range ev {
		crashed = crashed || (e.Step == "crash" && strings.Contains(e.Detail, "by hand"))
		abandoned = abandoned || (e.Step == "abandon" && e.Order == "o-1")
	}
	if !crashed || !abandoned {
		t.Fatalf("c did not crash the instance with its open transaction: %v", stepsOf(ev))
	}
	h.contains("✗ CRASH", "service #2", "killed")
	// The caller's next step was a call into the dead instance: it won't run.
	if n := h.run().fr.next; !n.Doomed || n.Step != "commit" {
		t.Fatalf("next step after the crash is %+v, want the dead instance's commit, doomed", n)
	}
	h.contains("✗ commit won't run: its instance died")
	h.press("r")
	h.idle()
	// The insert died with its transaction: nothing to lose, nothing lost.
	h.contains("✓ CONSISTENT")
	if panelHas(h.screen(), "o-1   placed") {
		t.Fatalf("o-1 is in orders after its transaction died:\n%s", h.screen())
	}
}

func TestBrokerToggle(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig()}, 100, 30)
	h.idle()
	h.contains("broker ▲ up")
	h.press("b")
	h.idle()
	h.contains("broker ✗ down", "stream ORDERS · ✗ broker down", "✗ DOWN")
	if h.run().fr.snap.BrokerUp {
		t.Fatal("the snapshot says the broker is up")
	}
	h.press("b")
	h.idle()
	h.contains("broker ▲ up", "▲ UP")
	if !h.run().fr.snap.BrokerUp || h.run().fr.snap.Stream.Down != "" {
		t.Fatalf("the broker is not back: %+v", h.run().fr.snap.Stream)
	}
}

func TestStepBackReplaysTheSameRun(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 7, "after-commit=1*crash"), Base: baseConfig()}, 100, 30)
	h.idle()
	h.step(2)
	h.press("c") // what the user did between steps is replayed too
	h.idle()
	h.step(2)
	at4 := stepsOf(h.run().fr.events)
	dir4 := h.dirOf()
	h.step(1)
	h.press("left")
	h.idle()
	r := h.run()
	if r.fr.steps != 4 {
		t.Fatalf("after ← the run is at step %d, want 4", r.fr.steps)
	}
	if got := stepsOf(r.fr.events); strings.Join(got, "\n") != strings.Join(at4, "\n") {
		t.Fatalf("the replay differs from the run at step 4:\n got %q\nwant %q", got, at4)
	}
	if h.dirOf() == dir4 {
		t.Fatal("step back did not start a new run")
	}
	if _, err := os.Stat(dir4); !os.IsNotExist(err) {
		t.Fatalf("the replaced run's directory %s is still there", dir4)
	}
	h.contains("replayed from the start with seed 7, to step 4", "step 4")
}

func TestAutoplay(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig()}, 100, 30)
	h.idle()
	for range len(speeds) {
		h.press("+")
	}
	if h.run().speed != len(speeds)-1 {
		t.Fatalf("+ did not speed autoplay up: speed %d", h.run().speed)
	}
	h.press("a")
	h.until("autoplay steps on its own", func() bool { return h.run().fr.steps >= 3 })
	h.contains("▶ autoplay 100ms")
	h.until("autoplay runs to the verdict", func() bool { return h.run().fr.finished })
	h.idle()
	if h.run().auto {
		t.Fatal("autoplay is still on after the verdict")
	}
	h.contains("✓ CONSISTENT")
	h.press("-")
	if h.run().speed != len(speeds)-2 {
		t.Fatal("- did not slow autoplay down")
	}
}

func TestResize(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1, "after-commit=1*crash"), Base: baseConfig()}, 100, 30)
	h.idle()
	h.step(5)
	for _, size := range [][2]int{{80, 24}, {120, 35}, {100, 30}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, src := range []bool{false, true} {
			h.run().source = src
			lines := strings.Split(h.m.View().Content, "\n")
			if len(lines) != size[1] {
				t.Fatalf("%dx%d (source %v): %d lines", size[0], size[1], src, len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != size[0] {
					t.Fatalf("%dx%d (source %v): line %d is %d wide: %q", size[0], size[1], src, i, w, ansi.Strip(l))
				}
			}
			h.contains("⚡ FAULT", "orders.db", "space/→ step")
		}
	}
	h.send(tea.WindowSizeMsg{Width: 50, Height: 12})
	h.contains("needs a terminal of at least 72×20", "50×12")
}

func TestHelp(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig()}, 100, 30)
	h.idle()
	h.press("?")
	if h.m.state != stateHelp {
		t.Fatalf("? shows %v", h.m.state)
	}
	h.contains("keys on the run screen", "crash", "broker", "autoplay", "⚡ FAULT", "Symbols")
	h.press("space") // keys of the run screen do nothing under help
	h.press("esc")
	if h.m.state != stateRun {
		t.Fatalf("esc from help shows %v", h.m.state)
	}
	if h.run().fr.steps != 0 {
		t.Fatal("space under help stepped the run")
	}
	h.contains("space/→ step", "q quit")
}

func TestSourcePaneMarksTheLineOfTheStep(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1, "after-commit=1*crash"), Base: baseConfig()}, 120, 35)
	h.idle()
	for !has(h.run().fr.events, "write") {
		h.step(1)
	}
	h.press("s")
	h.contains("scenarios/naive.go")
	if m := markedLine(h.screen()); !strings.Contains(m, `tx.Save(ctx, r)`) {
		t.Fatalf("the marked line is %q, want the write:\n%s", m, h.screen())
	}
	h.step(1) // the commit
	if m := markedLine(h.screen()); !strings.Contains(m, `tx.Commit(ctx, "commit")`) {
		t.Fatalf("the marked line is %q, want the commit:\n%s", m, h.screen())
	}
	h.step(1) // the fault right after it
	if m := markedLine(h.screen()); !strings.Contains(m, `s.Point(ctx, "after-commit")`) {
		t.Fatalf("the marked line is %q, want the fault's point:\n%s", m, h.screen())
	}
	h.press("s")
	h.contains("orders.db · orders")
}

// markedLine is the source line marked ▸ in the source pane.
func markedLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		j := strings.LastIndex(l, "│")
		if j < 0 {
			continue
		}
		if col := l[j:]; strings.Contains(col, "▸") {
			return col
		}
	}
	return ""
}

func TestFaultPicker(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig()}, 100, 30)
	h.idle()
	h.press("f")
	h.contains("⚡ arm a fault", "after-commit", "consumer.before-apply")
	h.press("down", "enter") // after-commit
	h.contains("after the commit and before the publish", "1*crash")
	h.press("enter") // 1*crash
	h.idle()
	if got := h.run().fr.faults; len(got) != 1 || got[0] != "after-commit=1*crash" {
		t.Fatalf("armed %v, want after-commit=1*crash", got)
	}
	h.contains("⚡ armed after-commit=1*crash")
	// A typed term, refused with the grammar's own words, then accepted.
	h.press("f", "down", "down", "enter")
	for h.run().picker.terms[h.run().picker.term] != typeOwn {
		h.press("down")
	}
	h.press("enter", "x", "enter")
	h.contains("unknown action")
	h.press("backspace")
	for _, r := range "2*ack-lost" {
		h.press(string(r))
	}
	h.press("enter")
	h.idle()
	h.contains("publish=2*ack-lost")
	h.press("r")
	h.idle()
	h.contains("✗ lost", "o-1")
}

func TestHomeOpensAndClosesRuns(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 100, 30)
	if h.m.state != stateHome {
		t.Fatalf("no run given, the UI shows %v", h.m.state)
	}
	h.contains("strategies", "▸ naive", "commit the order, then publish the event", "Fault points", "after-commit=1*crash")
	h.press("down")
	h.contains("▸ publish-first", "a ghost message")
	h.press("up", "2") // naive's second experiment: after-commit=1*crash
	h.idle()
	h.contains("naive", "armed: after-commit=1*crash")
	dir := h.dirOf()
	h.press("esc")
	h.until("the run is closed", func() bool { _, err := os.Stat(dir); return os.IsNotExist(err) })
	if h.m.state != stateHome || h.m.run != nil {
		t.Fatalf("esc shows %v", h.m.state)
	}
	h.press("d")
	h.contains("docs/naive.md", "The code path", "scenarios/naive.go")
	h.lacks("**", "`")
	h.press("esc", "w")
	h.contains("docs/workshop.md", "Workshop")
	h.press("esc", "enter")
	h.idle()
	h.contains("no fault armed")
}

func TestQuitClosesTheRun(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1, "publish=broker-down(2s)"), Base: baseConfig()}, 100, 30)
	h.idle()
	dir := h.dirOf()
	// Quit while a step waits for the broker's 2s outage: the step gives up.
	h.press("r")
	h.press("q")
	h.until("q quits", func() bool { return h.quit })
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("the run's directory %s is still there after q", dir)
	}
}

func TestNoColourAndLightDark(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1, "after-commit=1*crash"), Base: baseConfig()}, 100, 30)
	h.idle()
	h.step(5)
	colours := func() bool {
		c := h.m.View().Content
		return strings.Contains(c, "\x1b[38;") || strings.Contains(c, "\x1b[48;")
	}
	if !colours() {
		t.Fatal("no colours by default")
	}
	dark := h.m.View().Content
	h.send(tea.BackgroundColorMsg{Color: ansiWhite{}})
	if h.m.dark || h.m.View().Content == dark {
		t.Fatal("a light background did not change the styles")
	}
	h.send(tea.ColorProfileMsg{Profile: colorprofile.ASCII}) // what NO_COLOR gives
	if colours() {
		t.Fatal("colours under NO_COLOR")
	}
	// Without colour the fault is still marked, by symbol and word.
	h.contains("⚡ FAULT after-commit=crash", "✗ CRASH")
}

type ansiWhite struct{}

func (ansiWhite) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

// A delay is on the lab's clock: an hour of it passes in one step, at once.
func TestADelayIsNotWaitedFor(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1, "publish=1*delay(1h)"), Base: baseConfig()}, 100, 30)
	h.idle()
	for !has(h.run().fr.events, "fault") {
		h.step(1)
		if h.run().fr.finished {
			t.Fatal("the delay did not strike")
		}
	}
	start := time.Now()
	h.step(1)
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("a step over a 1h delay took %s of real time", d)
	}
	evs := h.run().fr.events
	if last := evs[len(evs)-1]; last.At < time.Hour {
		t.Fatalf("after the delay the lab's clock reads %s, want at least 1h", last.At)
	}
	h.contains("⚡ FAULT publish=delay(1h0m0s)")
}

// A term pasted into the fault picker is taken, as a whole POINT=TERM too.
func TestFaultPickerPaste(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig()}, 100, 30)
	h.idle()
	h.press("f", "down", "down", "enter") // publish
	for h.run().picker.terms[h.run().picker.term] != typeOwn {
		h.press("down")
	}
	h.press("enter")
	h.send(tea.PasteMsg{Content: "publish=3*ack-lost"})
	h.contains("publish=3*ack-lost")
	h.press("enter")
	h.idle()
	if got := h.run().fr.faults; len(got) != 1 || got[0] != "publish=3*ack-lost" {
		t.Fatalf("armed %v after a paste, want publish=3*ack-lost", got)
	}
	// A paste where no text is typed does nothing.
	h.send(tea.PasteMsg{Content: "c"})
	if h.run().fr.snap.ServiceGen != 1 {
		t.Fatal("a paste outside the picker acted as a key")
	}
}
