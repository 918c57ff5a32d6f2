package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
)

// Every slide a page embeds is the slide its command prints today, line for
// line: docs/2pc.md kept a slide of o-1 being retried as o-1 after the
// service came to name its own orders (the retry is o-2).
func TestPagesEmbedTheSlidesTheirCommandsPrint(t *testing.T) {
	slide := regexp.MustCompile("(?s)\\(`dualwrite (run [^`]*--slide[^`]*)`\\):\n\n```mermaid\n(.*?)```")
	n := 0
	for _, id := range docs.IDs() {
		page, _ := docs.Page(id)
		if c := strings.Count(page, "```mermaid"); c != len(slide.FindAllString(page, -1)) {
			t.Errorf("docs/%s.md has %d mermaid blocks, and not each under the (`dualwrite run ... --slide`): that makes it", id, c)
		}
		for _, m := range slide.FindAllStringSubmatch(page, -1) {
			n++
			args := strings.Fields(strings.ReplaceAll(m[1], "'", ""))
			code, out, errs := runMain(t, args...)
			if code != 0 {
				t.Errorf("docs/%s.md: dualwrite %s: exit %d: %s", id, m[1], code, errs)
				continue
			}
			if d := diffLines(m[2], out); len(d) > 0 {
				t.Errorf("docs/%s.md's slide (dualwrite %s), line %d:\n page: %q\n  run: %q", id, m[1], d[0].line, d[0].page, d[0].run)
			}
		}
	}
	if n < 11 {
		t.Errorf("checked %d slides, want one per strategy page at least (11)", n)
	}
}
