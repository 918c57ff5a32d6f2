package docs_test

import (
	"regexp"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/trace"
)

var mermaidBlock = regexp.MustCompile("(?s)```mermaid\n(.*?)```")

// Every strategy page embeds the slide of its lesson, and every slide keeps
// the rules a slide must follow (boxes, autonumber, at most 20 messages, no
// paths), as trace.CheckSlide checks them.
func TestEveryStrategyPageEmbedsAValidSlide(t *testing.T) {
	for _, id := range scenarios.IDs() {
		page, ok := docs.Page(id)
		if !ok {
			t.Fatalf("no page for %s", id)
		}
		blocks := mermaidBlock.FindAllStringSubmatch(page, -1)
		if len(blocks) == 0 {
			t.Errorf("docs/%s.md embeds no slide", id)
		}
		for _, b := range blocks {
			if err := trace.CheckSlide(b[1]); err != nil {
				t.Errorf("docs/%s.md: its slide breaks a rule: %v", id, err)
			}
		}
	}
}
