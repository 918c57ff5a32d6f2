package tui

import "testing"

// From any page, tab goes through the guides: concepts, workshop,
// exercises, references, poison, ordering, and round again; esc still returns where it began.
func TestTabGoesThroughTheGuides(t *testing.T) {
	h := newHarness(t, Options{Base: baseConfig()}, 100, 30)
	h.press("d")
	h.contains("docs/naive.md")
	for _, page := range []string{"docs/concepts.md", "docs/workshop.md", "docs/exercises.md", "docs/references.md", "docs/poison.md", "docs/ordering.md", "docs/concepts.md"} {
		h.press("tab")
		h.contains(page)
	}
	h.contains("tab next guide")
	h.press("esc")
	if h.m.state != stateHome {
		t.Fatalf("esc from the guides shows %v, want home", h.m.state)
	}
}
