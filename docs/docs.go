// Package docs holds the lab's Markdown pages, embedded in the binary so the
// terminal UI can show them: one page per strategy, and the guides (the
// concepts, the workshop, its exercises and the references).
package docs

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.md
var pages embed.FS

// The ids of the guides: the pages that are not a strategy's.
const (
	ConceptsID   = "concepts"
	WorkshopID   = "workshop"
	ExercisesID  = "exercises"
	ReferencesID = "references"
	PoisonID     = "poison"
	OrderingID   = "ordering"
)

// Guides lists the guides in reading order.
func Guides() []string {
	return []string{ConceptsID, WorkshopID, ExercisesID, ReferencesID, PoisonID, OrderingID}
}

// Page returns the Markdown page with the given id: a strategy id such as
// "naive", or WorkshopID.
func Page(id string) (string, bool) {
	b, err := pages.ReadFile(id + ".md")
	if err != nil {
		return "", false
	}
	return string(b), true
}

// Workshop returns the workshop guide.
func Workshop() string {
	s, _ := Page(WorkshopID)
	return s
}

// IDs lists the pages, sorted.
func IDs() []string {
	names, _ := fs.Glob(pages, "*.md")
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = strings.TrimSuffix(n, ".md")
	}
	sort.Strings(ids)
	return ids
}

// Title returns the first heading of a page, without its '#'.
func Title(page string) string {
	for _, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, "#") {
			return strings.TrimSpace(strings.TrimLeft(line, "#"))
		}
	}
	return ""
}
