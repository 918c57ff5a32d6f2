package lab

import (
	"os"
	"strings"
	"testing"
)

// docs/ordering.md shows the subject mappings --partitions adds to the
// broker's account, one for each shape of a keyed subject, in the N of the
// page. outbox-cdc's aggregate subjects took a second mapping: the page must
// name every mapping the lab adds, and no other.
func TestOrderingPageShowsEveryPartitionMapping(t *testing.T) {
	b, err := os.ReadFile("../docs/ordering.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(b), "```text\n")
	if !ok {
		t.Fatal("docs/ordering.md shows no mapping")
	}
	block, _, _ = strings.Cut(block, "```")
	var shown []string
	for _, l := range strings.Split(strings.TrimSpace(block), "\n") {
		shown = append(shown, strings.Join(strings.Fields(l), " "))
	}
	var lab []string
	for _, m := range (names{}).partitionMappings(7) {
		lab = append(lab, strings.ReplaceAll(m[0]+" → "+m[1], "(7,", "(N,"))
	}
	if strings.Join(shown, "\n") != strings.Join(lab, "\n") {
		t.Errorf("docs/ordering.md shows the mappings\n%s\nthe lab adds\n%s", strings.Join(shown, "\n"), strings.Join(lab, "\n"))
	}
}
