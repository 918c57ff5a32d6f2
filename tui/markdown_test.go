package tui

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/docs"
)

// Every page, at every width a pane can have, in every theme: no Markdown
// marks left on screen, and no line wider than the pane.
func TestMarkdownRendersEveryPage(t *testing.T) {
	for _, id := range docs.IDs() {
		page, _ := docs.Page(id)
		for _, w := range []int{40, 76, 96} {
			for _, th := range []struct{ dark, mono bool }{{true, false}, {false, false}, {true, true}} {
				lines := markdown(newStyles(th.dark, th.mono, false), page, w)
				text := ansi.Strip(strings.Join(lines, "\n"))
				marks := []string{"**", "`", "](http"}
				fenced := false
				for _, l := range strings.Split(page, "\n") {
					if strings.HasPrefix(l, "```") {
						fenced = !fenced
					}
					if !fenced && strings.HasPrefix(l, "#") {
						marks = append(marks, l) // a heading shown as its Markdown
					}
				}
				for _, mark := range marks {
					if strings.Contains(text, mark) {
						t.Errorf("docs/%s.md at %d (dark %v, mono %v): %q left on screen", id, w, th.dark, th.mono, mark)
					}
				}
				for _, l := range lines {
					if strings.Contains(l, "\t") {
						t.Errorf("docs/%s.md at %d: a tab on screen: %q", id, w, ansi.Strip(l))
					}
					if width(l) > w {
						t.Errorf("docs/%s.md at %d: a line of %d cells: %q", id, w, width(l), ansi.Strip(l))
					}
				}
			}
		}
	}
}

var sgrParams = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

func TestMarkdownHonoursTheme(t *testing.T) {
	page := "# Title\n\nSome **strong** text and `code`.\n\n- an item\n"
	dark := strings.Join(markdown(newStyles(true, false, false), page, 60), "\n")
	light := strings.Join(markdown(newStyles(false, false, false), page, 60), "\n")
	mono := strings.Join(markdown(newStyles(true, true, false), page, 60), "\n")
	if dark == light {
		t.Error("the dark and the light rendering are the same")
	}
	for _, sgr := range sgrParams.FindAllStringSubmatch(mono, -1) {
		for _, p := range strings.Split(sgr[1], ";") {
			if n, err := strconv.Atoi(p); err == nil && (n >= 30 && n <= 49 || n >= 90 && n <= 107) {
				t.Fatalf("a colour (%s) under NO_COLOR: %q", sgr[0], mono)
			}
		}
	}
	if !strings.Contains(mono, "\x1b[1m") {
		t.Errorf("strong text is not bold without colours: %q", mono)
	}
	if got := ansi.Strip(mono); !strings.Contains(got, "Some strong text and code.") {
		t.Errorf("mono rendering %q", got)
	}
}

// A list item wrapped over several source lines reads as one paragraph,
// wrapped to the pane, not broken where the source broke it.
func TestMarkdownReflowsListItems(t *testing.T) {
	page := "- one two three\n  four five six\n  seven eight\n- next\n\n```sh\n- not\n  an item\n```\n"
	got := ansi.Strip(strings.Join(markdown(newStyles(true, true, false), page, 60), "\n"))
	if !strings.Contains(got, "one two three four five six seven eight") {
		t.Errorf("the item is not reflowed:\n%s", got)
	}
	if !strings.Contains(got, "- not\n") || !strings.Contains(got, "  an item") {
		t.Errorf("a code block was reflowed:\n%s", got)
	}
}
