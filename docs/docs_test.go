package docs_test

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
	"github.com/dualwrite/dualwrite/scenarios"
)

func TestEveryStrategyHasAPage(t *testing.T) {
	for _, s := range scenarios.All() {
		page, ok := docs.Page(s.ID)
		if !ok {
			t.Errorf("no docs/%s.md for strategy %s", s.ID, s.ID)
			continue
		}
		if !strings.HasPrefix(docs.Title(page), s.ID) {
			t.Errorf("docs/%s.md: title %q does not start with the strategy id", s.ID, docs.Title(page))
		}
	}
}

func TestWorkshopGuide(t *testing.T) {
	w := docs.Workshop()
	if docs.Title(w) == "" || !strings.Contains(w, "naive") {
		t.Fatalf("the workshop guide is missing or has no title: %.80q", w)
	}
	if _, ok := docs.Page("no-such-page"); ok {
		t.Fatal("Page found a page that does not exist")
	}
}
