package lab

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/check"
)

// A journal whose last line a kill cut short loses that fragment, and the
// next run's first line is a line of its own: read, not lost with it.
func TestJournalAfterATornLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, journalFile)
	if err := os.WriteFile(path, []byte(`{"k":"start","header":{"strategy":"outbox"}}`+"\n"+`{"k":"req`), 0o644); err != nil {
		t.Fatal(err)
	}
	j, err := openJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.add(journalEntry{Kind: jRequest, Attempt: &check.Attempt{Order: "o-9", Op: "place"}}); err != nil {
		t.Fatal(err)
	}
	j.close()
	raw, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if len(lines) != 2 || strings.Contains(string(raw), `{"k":"req`+"\n") {
		t.Fatalf("want the header and the new entry, the fragment gone, got:\n%s", raw)
	}
	rec, err := readCallerJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.hist.Attempts) != 1 || rec.hist.Attempts[0].Order != "o-9" {
		t.Errorf("the entry written after the torn line was not read back: %+v", rec.hist.Attempts)
	}
}

// An intact journal gets no empty line.
func TestJournalIntactGetsNoBlankLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, journalFile)
	os.WriteFile(path, []byte(`{"k":"start"}`+"\n"), 0o644)
	j, err := openJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	j.add(journalEntry{Kind: jRequest})
	j.close()
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), "\n\n") {
		t.Errorf("a blank line in an intact journal:\n%s", raw)
	}
}
