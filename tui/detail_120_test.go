package tui

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/trace"
)

// At 120x35, with five lanes or more, the diagram has no detail column,
// and the statement a step ran (DELETE FROM outbox_events #1, …) was
// nowhere on screen. After each step the detail of the last step is on
// screen whole, or the narration says it word for word.
func TestLastDetailOnScreenAt120x35(t *testing.T) {
	for _, c := range []struct {
		name string
		run  func(t *testing.T) *lab.Run
	}{
		{"outbox-cdc", func(t *testing.T) *lab.Run { return startRun(t, "outbox-cdc", 1) }},
		{"2pc", func(t *testing.T) *lab.Run { return startRun(t, "2pc", 1) }},
		{"naive, 3 consumers, 3 partitions", func(t *testing.T) *lab.Run {
			return startWith(t, "naive", func(c *lab.Config) { c.Consumers, c.Partitions = 3, 3 })
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, Options{Run: c.run(t), Base: baseConfig()}, 120, 35)
			h.idle()
			if d, _, _ := h.run().layout(h.m.st, 120); d.detailX < d.w {
				t.Logf("the diagram has a detail column at 120 columns now")
			}
			shown := 0
			for range 9 {
				h.step(1)
				r := h.run()
				e := r.fr.events[len(r.fr.events)-1]
				if e.Detail == "" || e.Actor == trace.Lab || r.fr.finished {
					continue
				}
				narr := narrator{events: r.fr.events, emits: r.emits, consumers: r.sess.cfg.Consumers, partitions: r.sess.cfg.Partitions}
				if narrated(narr.sentences(r.newFrom), e.Detail) {
					continue // the narration says every word of it
				}
				flat := strings.Join(strings.Fields(h.screen()), " ")
				if !strings.Contains(flat, strings.Join(strings.Fields(e.Detail), " ")) {
					t.Fatalf("the last step's detail %q is not on screen whole:\n%s", e.Detail, h.screen())
				}
				shown++
			}
			if shown == 0 {
				t.Fatal("no step with a detail was checked")
			}
		})
	}
}

// The detail line repeats nothing the narration says word for word: at
// 80x24 "▸ detail: place o-2 (headset, 69.00)" stood under "The caller asks
// the service to place o-2 (headset, 69.00)."
func TestDetailNotRepeatedWhenNarrated(t *testing.T) {
	said := []sentence{{text: "The caller asks the service to place o-2 (headset, 69.00)."}, {text: "The caller is told ok."},
		{text: "Shipping acks seq 1, and the order is committed."}}
	for detail, want := range map[string]bool{
		"place o-2 (headset, 69.00)": true,
		"the caller is told: ok":     true,
		"ack seq 1":                  true,
		"COMMIT: o-2 is told":        true,
		"BEGIN":                      false,
		"place o-3 (headset, 69.00)": false,
		"ack seq 12":                 false,
		"":                           false,
	} {
		if got := narrated(said, detail); got != want {
			t.Errorf("narrated(%q) = %v, want %v", detail, got, want)
		}
	}
}

// On screen: at 80x24 no step of a naive run shows a detail line that
// repeats its narration.
func TestNoDetailLineRepeatsTheNarration(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig()}, 80, 24)
	h.idle()
	repeated := 0
	for range 12 {
		h.step(1)
		r := h.run()
		e := r.fr.events[len(r.fr.events)-1]
		narr := narrator{events: r.fr.events, emits: r.emits}
		if r.fr.finished || !narrated(narr.sentences(r.newFrom), e.Detail) {
			continue
		}
		repeated++
		if strings.Contains(h.screen(), "▸ detail:") {
			t.Fatalf("the detail %q is narrated and shown again:\n%s", e.Detail, h.screen())
		}
	}
	if repeated == 0 {
		t.Fatal("no narrated detail was checked")
	}
}
