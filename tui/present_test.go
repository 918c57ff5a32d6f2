package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/trace"
)

func TestThemeOf(t *testing.T) {
	for _, c := range []struct {
		theme, env  string
		dark, fixed bool
	}{
		{"dark", "0;15", true, true},
		{"light", "15;0", false, true},
		{"auto", "0;15", false, true},
		{"", "0;15", false, true},
		{"auto", "15;0", true, true},
		{"auto", "7;7", false, true},
		{"auto", "0;default;15", false, true},
		{"auto", "", true, false},
		{"auto", "default;default", true, false},
	} {
		dark, fixed := themeOf(c.theme, c.env)
		if dark != c.dark || fixed != c.fixed {
			t.Errorf("theme %q COLORFGBG %q: dark %v fixed %v, want %v %v", c.theme, c.env, dark, fixed, c.dark, c.fixed)
		}
	}
}

// A light COLORFGBG gives light colours, which the terminal's own answer
// does not undo; a theme named on the command line wins over both.
func TestThemeFromTheEnvironment(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig(), Theme: "auto", ColorFGBG: "0;15"}, 100, 30)
	h.send(tea.BackgroundColorMsg{Color: ansiBlack{}})
	if h.m.dark || h.m.st.dark {
		t.Fatal("COLORFGBG=0;15 is a light background, yet the styles are dark")
	}
	light := newStyles(false, false, false)
	if got, want := h.m.st.faint.Render("x"), light.faint.Render("x"); got != want {
		t.Fatalf("faint is %q, want the light theme's %q", got, want)
	}
	h2 := newHarness(t, Options{Base: baseConfig(), Theme: "dark", ColorFGBG: "0;15"}, 100, 30)
	h2.send(tea.BackgroundColorMsg{Color: ansiWhite{}})
	if !h2.m.dark {
		t.Fatal("--theme dark lost to the terminal's answer")
	}
	h3 := newHarness(t, Options{Base: baseConfig(), Theme: "auto"}, 100, 30)
	h3.send(tea.BackgroundColorMsg{Color: ansiWhite{}})
	if h3.m.dark {
		t.Fatal("auto without COLORFGBG does not follow the terminal's answer")
	}
}

type ansiBlack struct{}

func (ansiBlack) RGBA() (r, g, b, a uint32) { return 0, 0, 0, 0xffff }

// Presenter mode: no key line, and the rows the last step changed in the
// stores highlighted; p switches it on and off.
func TestPresenterMode(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "outbox", 1), Base: baseConfig()}, 80, 24)
	h.idle()
	h.contains("q quit")
	h.press("p")
	h.lacks("q quit", "? help")
	for !has(h.run().fr.events, "commit") {
		h.step(1)
	}
	h.contains("▸ o-1   placed")                              // the new row of orders.db
	open := strings.Split(h.m.st.changed.Render("▸"), "▸")[0] // the highlight's escape
	if !strings.Contains(h.m.View().Content, open+"▸ o-1   placed") {
		t.Fatalf("the changed row is not in the highlight's style:\n%q", h.m.View().Content)
	}
	h.step(1)
	h.lacks("▸ o-1   placed") // the next step did not change it
	h.press("p")
	h.contains("q quit")
	// A presenter run opened from the home screen is in presenter mode too.
	h2 := newHarness(t, Options{Base: baseConfig(), Present: true}, 80, 24)
	h2.lacks("q quit")
	h2.press("enter")
	h2.idle()
	if !h2.run().present {
		t.Fatal("a run opened in presenter mode is not presenting")
	}
}

// n steps to the next fault, v to the recovery, e to the end; on the end
// screen n scrolls the diagram back to the fault.
func TestJumps(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "outbox", 1, "relay.after-publish=1*crash"), Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("n")
	h.idle()
	r := h.run()
	if l := r.fr.events[len(r.fr.events)-1]; !(hasFault(r.fr.events)) || r.fr.finished {
		t.Fatalf("n did not stop at the fault: last %+v, finished %v", l, r.fr.finished)
	}
	h.contains("⚡ FAULT relay.after-publish=crash")
	h.press("v")
	h.idle()
	if !hasStep(h.run().fr.events, "recover") {
		t.Fatal("v did not step to the recovery")
	}
	h.press("e")
	h.idle()
	if !h.run().fr.finished {
		t.Fatal("e did not run to the end")
	}
	h.lacks("⚡ FAULT relay.after-publish")
	h.press("n")
	h.contains("⚡ FAULT relay.after-publish=crash")
	h.press("e")
	h.lacks("⚡ FAULT relay.after-publish")
}

func hasFault(events []trace.Event) bool {
	for _, e := range events {
		if e.Fault != "" {
			return true
		}
	}
	return false
}

// w opens the workshop guide from a run, and esc comes back to it.
func TestWorkshopFromARun(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig()}, 100, 30)
	h.idle()
	h.press("w")
	h.contains("docs/workshop.md")
	h.press("esc")
	h.contains("naive · seed 1")
}

// A verdict longer than its room scrolls with ↑↓.
func TestVerdictScrolls(t *testing.T) {
	s, err := scenarios.Lookup("cdc-polling")
	if err != nil {
		t.Skip(err)
	}
	r, err := lab.Start(t.Context(), lab.Config{Name: s.ID, Strategy: s.New(), Points: s.AllPoints(), Seed: 1, Orders: 3, Lifecycle: true})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Run: r, Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("r")
	h.idle()
	if len(h.run().fr.report.Findings) < 2 {
		t.Skipf("the run found %d anomalies; the test needs a long verdict", len(h.run().fr.report.Findings))
	}
	before := h.screen()
	if !strings.Contains(before, "↑↓ ") {
		t.Fatalf("a long verdict does not say it scrolls:\n%s", before)
	}
	h.press("down", "down", "down")
	if after := h.screen(); after == before {
		t.Fatalf("↓ did not scroll the verdict:\n%s", after)
	}
	last := ansi.Strip(h.run().fr.report.Findings[len(h.run().fr.report.Findings)-1].Explanation)
	for range 40 {
		h.press("down")
	}
	if !strings.Contains(squash(h.screen()), squash(last[len(last)-30:])) {
		t.Fatalf("the end of the verdict never shows:\n%s", h.screen())
	}
}
