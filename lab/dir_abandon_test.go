package lab_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// A run that fails before it starts (here: NATS cannot be reached) leaves
// no directory it created and empties again one that was empty; a directory
// that held something before keeps it.
func TestFailedSetupLeavesNoNewDirectory(t *testing.T) {
	s, _ := scenarios.Lookup("naive")
	start := func(dir string) {
		t.Helper()
		r, err := lab.Start(context.Background(), lab.Config{Name: "naive", Strategy: s.New(), Points: s.AllPoints(),
			Dir: dir, NATSURL: "nats://127.0.0.1:1"})
		if err == nil {
			r.Close()
			t.Fatalf("a run with NATS at 127.0.0.1:1 started")
		}
	}
	root := t.TempDir()
	start(filepath.Join(root, "new", "deep"))
	if left, _ := os.ReadDir(root); len(left) > 0 {
		t.Errorf("the failed run left %v in %s", names(left), root)
	}

	empty := filepath.Join(root, "empty")
	os.Mkdir(empty, 0o755)
	start(empty)
	if left, err := os.ReadDir(empty); err != nil || len(left) > 0 {
		t.Errorf("the failed run left %v in the empty directory (%v)", names(left), err)
	}

	kept := filepath.Join(root, "kept")
	r, err := lab.Start(context.Background(), lab.Config{Name: "naive", Strategy: s.New(), Points: s.AllPoints(), Orders: 1, Dir: kept})
	if err != nil {
		t.Fatal(err)
	}
	mustFinish(t, r)
	r.Close()
	// What is left is only dualwrite's marker and lock: not an empty
	// directory, so the failed run below must leave them.
	for _, name := range []string{"orders.db", "shipping.db", "journal", "nats"} {
		os.RemoveAll(filepath.Join(kept, name))
	}
	r, err = lab.Start(context.Background(), lab.Config{Name: "naive", Strategy: s.New(), Points: s.AllPoints(), Dir: kept, NATSURL: "nats://127.0.0.1:1"})
	if err == nil {
		r.Close()
		t.Fatal("a run with NATS at 127.0.0.1:1 started")
	}
	if _, err := os.Stat(filepath.Join(kept, ".dualwrite")); err != nil {
		t.Errorf("the marker of a directory that was not empty went with the failed run: %v", err)
	}
}

// A --db that is a symbolic link to nothing is named as such, not as "file
// exists".
func TestDanglingLinkIsNamed(t *testing.T) {
	link := filepath.Join(t.TempDir(), "db")
	if err := os.Symlink("nowhere", link); err != nil {
		t.Fatal(err)
	}
	s, _ := scenarios.Lookup("naive")
	_, err := lab.Start(context.Background(), lab.Config{Name: "naive", Strategy: s.New(), Points: s.AllPoints(), Dir: link})
	if err == nil || !strings.Contains(err.Error(), "symbolic link to nowhere, which does not exist") {
		t.Errorf("error %v: want the link and its missing target named", err)
	}
}

func names(es []os.DirEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}
