package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/docs"
)

// Glamour wrapped code blocks as prose: at 80 columns a Go signature ended
// on a lone "error {" line that read as a line of code of its own. On every
// page, at 40, 76 and 96 cells, each line of each code block is whole on one
// line of the screen, or continued on lines marked ↪, and none is wider
// than the pane.
func TestCodeBlocksKeepTheirLines(t *testing.T) {
	for _, id := range docs.IDs() {
		page, _ := docs.Page(id)
		var code []string
		fenced := false
		for _, l := range strings.Split(page, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "```") {
				fenced = !fenced
				continue
			}
			if fenced && strings.TrimSpace(l) != "" {
				code = append(code, squash(l))
			}
		}
		if len(code) == 0 {
			continue
		}
		for _, w := range []int{40, 76, 96} {
			for _, th := range []struct{ dark, mono bool }{{true, false}, {true, true}} {
				lines := markdown(newStyles(th.dark, th.mono, false), page, w)
				var logical []string // a screen line with the lines that continue it
				for _, l := range lines {
					p := ansi.Strip(l)
					if width(l) > w {
						t.Errorf("docs/%s.md at %d: a line of %d cells: %q", id, w, width(l), p)
					}
					if rest, ok := strings.CutPrefix(strings.TrimLeft(p, " "), codeCont); ok && len(logical) > 0 {
						logical[len(logical)-1] += squash(rest)
						continue
					}
					logical = append(logical, squash(p))
				}
				at := 0 // code lines come in order
				for _, c := range code {
					found := false
					for i := at; i < len(logical); i++ {
						if strings.Contains(logical[i], c) {
							at, found = i, true
							break
						}
					}
					if !found {
						t.Errorf("docs/%s.md at %d (mono %v): the code line %q is not whole on a line and its marked continuations", id, w, th.mono, c)
						break
					}
				}
			}
		}
	}
}

// A continued line of code says so, under its line's indentation, and the
// break falls at a space where one is near.
func TestWrapCodeMarksContinuedLines(t *testing.T) {
	got := wrapCode("    func (naive) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {", 76)
	want := []string{"    func (naive) Handle(ctx context.Context, s *lab.Service, r lab.Request)", "      ↪ error {"}
	if len(got) != len(want) {
		t.Fatalf("wrapCode: %q, want %q", got, want)
	}
	for i := range want {
		if ansi.Strip(got[i]) != want[i] {
			t.Errorf("line %d: %q, want %q", i, ansi.Strip(got[i]), want[i])
		}
	}
}

// Where the room ends inside a word, the break goes back to the last space.
func TestWrapCodeBreaksAtASpace(t *testing.T) {
	got := wrapCode("    func (naive) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {", 70)
	want := []string{"    func (naive) Handle(ctx context.Context, s *lab.Service, r", "      ↪ lab.Request) error {"}
	if len(got) != len(want) {
		t.Fatalf("wrapCode: %q, want %q", got, want)
	}
	for i := range want {
		if ansi.Strip(got[i]) != want[i] {
			t.Errorf("line %d: %q, want %q", i, ansi.Strip(got[i]), want[i])
		}
	}
}
