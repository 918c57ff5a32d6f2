package tui

import (
	"regexp"
	"slices"
	"sort"
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

// plain renders page in mono and returns the lines without their styles.
func plain(page string, w int) []string {
	lines := markdown(newStyles(true, true, false), page, w)
	for i, l := range lines {
		lines[i] = strings.TrimRight(ansi.Strip(l), " ")
	}
	return lines
}

// A nested list's items hang under their own text: the lines after an
// item's first start where its text starts, one level deeper for a nested one.
func TestMarkdownNestedListsHang(t *testing.T) {
	page := "- outer item with enough words to wrap over the pane\n" +
		"  - inner item also with enough words to wrap over it\n" +
		"  - inner two\n" +
		"- second outer\n\n" +
		"1. first numbered item with words enough to wrap\n" +
		"   - under the number, a bullet that wraps as well\n"
	got := plain(page, 30)
	want := []string{
		"• outer item with enough words",
		"  to wrap over the pane",
		"  ◦ inner item also with",
		"    enough words to wrap over",
		"    it",
		"  ◦ inner two",
		"• second outer",
		"",
		"1. first numbered item with",
		"   words enough to wrap",
		"   ◦ under the number, a",
		"     bullet that wraps as well",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A code block is shown as written: never reflowed, its spaces kept, tabs
// expanded, Markdown inside it left alone; a line wider than the pane goes on
// behind a mark, with nothing lost.
func TestMarkdownCodeBlockIsVerbatim(t *testing.T) {
	long := "dualwrite run naive --seed 1 --fault 'after-commit=1*crash' --orders 3"
	page := "Text before.\n\n```sh\na  b   c\n\tindented **not bold** `x`\n" + long + "\n```\n\nText after.\n"
	for _, w := range []int{40, 60, 96} {
		got := plain(page, w)
		if !slicesContain(got, "  a  b   c") || !slicesContain(got, "      indented **not bold** `x`") {
			t.Errorf("at %d the code is not verbatim:\n%s", w, strings.Join(got, "\n"))
		}
		var joined strings.Builder
		for _, l := range got {
			if width(l) > w {
				t.Errorf("at %d a line of %d cells: %q", w, width(l), l)
			}
			if strings.HasPrefix(l, "  dualwrite") || strings.HasPrefix(l, "  ↪ ") {
				joined.WriteString(strings.TrimPrefix(strings.TrimPrefix(l, "  "), "↪ "))
			}
		}
		if j := joined.String(); strings.ReplaceAll(j, " ", "") != strings.ReplaceAll(long, " ", "") {
			t.Errorf("at %d the long line shows as %q", w, j)
		}
	}
	// A line goes on at a space, not inside a word.
	if got := plain(page, 40); !slicesContain(got, "  dualwrite run naive --seed 1 --fault") {
		t.Errorf("the long line is not continued at a space:\n%s", strings.Join(got, "\n"))
	}
}

func slicesContain(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

// The workshop's tables fit the pane at every width it can have, show every
// cell's text, and keep their columns aligned.
func TestMarkdownTableFitsThePane(t *testing.T) {
	page, _ := docs.Page(docs.WorkshopID)
	var tables []string // each table's source
	var cur []string
	for _, l := range strings.Split(page, "\n") {
		if strings.HasPrefix(l, "|") {
			cur = append(cur, l)
		} else if cur != nil {
			tables, cur = append(tables, strings.Join(cur, "\n")), nil
		}
	}
	if len(tables) != 2 {
		t.Fatalf("%d tables in the workshop page, want 2", len(tables))
	}
	for _, src := range tables {
		rows := strings.Split(src, "\n")
		cellText := strings.Join(append(rows[:1:1], rows[2:]...), "")
		want := letters(strings.NewReplacer("|", "", "`", "").Replace(cellText))
		for w := 40; w <= 120; w++ {
			lines := plain(src, w)
			if got := letters(strings.NewReplacer("│", "", "─", "", "┼", "").Replace(strings.Join(lines, ""))); got != want {
				t.Fatalf("at %d the table shows\n%s\nnot every cell's text", w, strings.Join(lines, "\n"))
			}
			bars := barColumns(lines[0])
			for _, l := range lines {
				if width(l) > w {
					t.Fatalf("at %d a line of %d cells: %q", w, width(l), l)
				}
				if !slices.Equal(barColumns(strings.ReplaceAll(l, "┼", "│")), bars) {
					t.Fatalf("at %d the columns are not aligned:\n%s", w, strings.Join(lines, "\n"))
				}
			}
		}
	}
}

// letters are the characters of s other than spaces, sorted, so text wrapped
// anywhere compares equal to the text it came from.
func letters(s string) string {
	rs := []rune(strings.Join(strings.Fields(s), ""))
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	return string(rs)
}

// barColumns are the cells at which a table line has a column separator.
func barColumns(l string) []int {
	var cols []int
	for i, r := range []rune(l) {
		if r == '│' {
			cols = append(cols, i)
		}
	}
	return cols
}

// A link shows its text and, when it differs, its address, so a student can
// still type it; an autolink shows its address once.
func TestMarkdownLinkShowsItsAddress(t *testing.T) {
	page := "Read [the JetStream docs](https://docs.nats.io/jetstream), <https://jepsen.io> and [https://example.org](https://example.org).\n"
	got := strings.Join(plain(page, 120), "\n")
	for _, want := range []string{"the JetStream docs (https://docs.nats.io/jetstream)", "https://jepsen.io and"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q is not on screen: %q", want, got)
		}
	}
	if strings.Count(got, "https://example.org") != 1 {
		t.Errorf("a link whose text is its address shows it other than once: %q", got)
	}
	// An address wider than the pane breaks between its parts.
	long := plain("- https://microservices.io/patterns/data/transactional-outbox.html\n", 40)
	if len(long) != 2 || !strings.HasSuffix(long[0], "/") || long[0]+strings.TrimSpace(long[1]) != "• https://microservices.io/patterns/data/transactional-outbox.html" {
		t.Errorf("a long address breaks as\n%s", strings.Join(long, "\n"))
	}
}

// everyConstruct is a page with every construct the renderer draws.
const everyConstruct = "# H1\n\n## H2\n\n### H3\n\n#### H4\n\nText *emph* **strong** `code` [a link](https://a.example) " +
	"<https://b.example> https://c.example ![an image](img/x.png)\n\n> a quote\n\n---\n\n" +
	"- item\n  1. nested\n\n| a | b |\n|---|--:|\n| `c` | **d** |\n\n" +
	"```go\nfunc f() { return \"s\" } // c 1\n```\n\n```sh\nls 'a' # c\n```\n\n```sql\nSELECT 'a' -- c\n```\n\n<div>html</div>\n"

// Without colours every page, code included, is drawn with attributes only.
func TestMarkdownMonoHasNoColour(t *testing.T) {
	for _, id := range append(docs.IDs(), "") {
		page, _ := docs.Page(id)
		if id == "" {
			page, id = everyConstruct, "everyConstruct"
		}
		mono := strings.Join(markdown(newStyles(true, true, false), page, 76), "\n")
		for _, sgr := range sgrParams.FindAllStringSubmatch(mono, -1) {
			for _, p := range strings.Split(sgr[1], ";") {
				if n, err := strconv.Atoi(p); err == nil && (n >= 30 && n <= 49 || n >= 90 && n <= 107) {
					t.Fatalf("docs/%s.md: a colour (%q) under NO_COLOR", id, sgr[0])
				}
			}
		}
	}
}

// Each heading level looks its own, and code is coloured by what it is:
// keywords, strings and comments each in a style of their own.
func TestMarkdownStylesHeadingsAndCode(t *testing.T) {
	page := "# One\n\n## Two\n\n### Three\n\n```go\nfunc f() string { return \"s\" } // why\n```\n"
	for _, dark := range []bool{true, false} {
		got := strings.Join(markdown(newStyles(dark, false, false), page, 60), "\n")
		// open is the style text is drawn in: the sequence just before it.
		open := func(text string) string {
			i := strings.Index(got, text)
			seqs := sgrParams.FindAllStringIndex(got[:max(i, 0)], -1)
			if i < 0 || len(seqs) == 0 || seqs[len(seqs)-1][1] != i {
				return ""
			}
			return got[seqs[len(seqs)-1][0]:i]
		}
		styles := map[string]string{}
		for _, text := range []string{"One", "Two", "Three", "func", "\"s\"", "// why"} {
			s := open(text)
			if s == "" {
				t.Errorf("dark %v: %q has no style of its own: %q", dark, text, got)
			}
			if other, ok := styles[s]; ok {
				t.Errorf("dark %v: %q and %q look the same (%q)", dark, other, text, s)
			}
			styles[s] = text
		}
	}
}

// Nesting deeper than the pane is wide still gives no line wider than it.
func TestMarkdownDeepNestingFits(t *testing.T) {
	page := strings.Repeat("> ", 14) + "deep words\n\n" + "- a\n  - b\n    - c\n      - d\n        - e\n          - f\n            - g\n              - h\n                - i\n                  - j words\n"
	for _, l := range markdown(newStyles(true, false, false), page, 20) {
		if width(l) > 20 {
			t.Errorf("a line of %d cells: %q", width(l), ansi.Strip(l))
		}
	}
}
