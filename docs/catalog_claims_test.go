package docs_test

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
	"github.com/dualwrite/dualwrite/scenarios"
)

// docs/outbox-dedup.md says its catalog shows no lost, ghost or duplicate
// event, and names the one anomaly it does show, the double order of a
// caller's retry (it once said "nothing" after that experiment was added).
func TestOutboxDedupPageSaysWhatItsCatalogShows(t *testing.T) {
	s, err := scenarios.Lookup("outbox-dedup")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := docs.Page("outbox-dedup")
	_, why, _ := strings.Cut(page, "## What goes wrong, and why")
	why, _, _ = strings.Cut(why, "\n## ")
	if !strings.Contains(why, "No lost, ghost or duplicate event under the catalog's faults") {
		t.Fatal("docs/outbox-dedup.md no longer says what its catalog shows: update this test")
	}
	doubles := 0
	for _, e := range s.Expect {
		w := e.Want
		if w.Lost+w.Ghost+w.Duplicate+w.Reordered > 0 || w.Parked > 0 || w.Blocked {
			t.Errorf("outbox-dedup's experiment %v expects %+v, which its page says it never shows", e.Faults, w)
		}
		doubles += w.DoubleOrder
	}
	if says := strings.Contains(why, "`double-order`"); says != (doubles > 0) {
		t.Errorf("docs/outbox-dedup.md names a double-order: %v; its catalog expects %d", says, doubles)
	}
}
