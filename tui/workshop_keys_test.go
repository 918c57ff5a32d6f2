package tui

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
)

// The workshop guide's Keys section names every key the run screen's help
// lists: it left out n, v, e, p, d and w, the jumps a presenter needs most.
// The scroll keys are the only ones it may leave to the help screen.
func TestWorkshopNamesEveryRunKey(t *testing.T) {
	_, sec, ok := strings.Cut(docs.Workshop(), "## Keys")
	if !ok {
		t.Fatal("docs/workshop.md has no Keys section")
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	k := newKeyMap()
	for _, col := range k.forState(stateRun).full {
		for _, b := range col {
			if b.Help().Key == k.ScrollUp.Help().Key || b.Help().Key == k.ScrollDn.Help().Key {
				continue
			}
			name, _, _ := strings.Cut(b.Help().Key, "/")
			if !strings.Contains(sec, "`"+name+"`") {
				t.Errorf("docs/workshop.md's Keys section does not name `%s` (%s)", name, b.Help().Desc)
			}
		}
	}
}
