package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
	"github.com/dualwrite/dualwrite/scenarios"
)

// Every verdict block a strategy page quotes under "Expected output" is
// what `dualwrite run` prints for the flags named in the paragraph above
// it: docs/2pc.md quoted a "⏸ blocked 0ms" line no run prints, and an
// older wording of the blocked line. A line the page cuts with "…" is
// compared up to the cut; a duration only by its place.
func TestPagesQuoteRealVerdicts(t *testing.T) {
	block := regexp.MustCompile("(?s)```text\n(Verdict: .*?)```")
	span := regexp.MustCompile("`(--[^`]*)`")
	ms := regexp.MustCompile(`\d+(\.\d+)?ms`)
	for _, s := range scenarios.All() {
		page, _ := docs.Page(s.ID)
		_, sec, ok := strings.Cut(page, "## Expected output")
		if !ok {
			t.Errorf("docs/%s.md has no expected output", s.ID)
			continue
		}
		sec, _, _ = strings.Cut(sec, "\n## ")
		for _, m := range block.FindAllStringSubmatchIndex(sec, -1) {
			before := sec[:m[0]]
			if i := strings.LastIndex(strings.TrimRight(before, "\n"), "\n\n"); i >= 0 {
				before = before[i:]
			}
			var variants [][]string
			for _, v := range span.FindAllStringSubmatch(before, -1) {
				variants = append(variants, strings.Fields(strings.ReplaceAll(v[1], "'", "")))
			}
			if len(variants) == 0 {
				variants = [][]string{nil}
			}
			want := strings.Split(strings.TrimRight(sec[m[2]:m[3]], "\n"), "\n")
			for _, flags := range variants {
				code, out, errs := runMain(t, append([]string{"run", s.ID}, flags...)...)
				if code != 0 {
					t.Errorf("docs/%s.md: run %s %v: exit %d: %s", s.ID, s.ID, flags, code, errs)
					continue
				}
				got := ms.ReplaceAllString(out, "Nms")
				for _, l := range want {
					l, _, _ = strings.Cut(ms.ReplaceAllString(l, "Nms"), "…")
					if !strings.Contains(got, l) {
						t.Errorf("docs/%s.md quotes, for run %s %s:\n%s\nwhich the run does not print:\n%s", s.ID, s.ID, strings.Join(flags, " "), l, verdictOf(out))
					}
				}
			}
		}
	}
}

// verdictOf returns the lines from "Verdict:" on.
func verdictOf(out string) string {
	if i := strings.Index(out, "Verdict:"); i >= 0 {
		return out[i:]
	}
	return out
}
