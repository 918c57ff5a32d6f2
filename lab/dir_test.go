package lab

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func inputMsg(t *testing.T, err error) string {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v: want an InputError", err)
	}
	return ie.Msg
}

func TestLabDirNewAndEmpty(t *testing.T) {
	for _, dir := range []string{filepath.Join(t.TempDir(), "new", "deep"), t.TempDir()} {
		d, err := openLabDir(dir, false, false)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, markerFile))
		if err != nil || !strings.Contains(string(b), `"orders.db"`) || !strings.Contains(string(b), `"journal"`) {
			t.Errorf("marker %q, %v: want the list of dualwrite's names", b, err)
		}
		d.release()
	}
}

// A directory dualwrite did not make is refused, naming its files, and
// nothing in it is touched, --fresh or not.
func TestLabDirRefusesForeign(t *testing.T) {
	for _, fresh := range []bool{false, true} {
		dir := t.TempDir()
		mustWrite(t, filepath.Join(dir, "orders.db"), "mine")
		mustWrite(t, filepath.Join(dir, "nats", "keep"), "mine too")
		_, err := openLabDir(dir, fresh, false)
		msg := inputMsg(t, err)
		if !strings.Contains(msg, "nats, orders.db") || !strings.Contains(msg, "did not make it") {
			t.Errorf("message %q: want the files named", msg)
		}
		for _, f := range []string{"orders.db", "nats/keep"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s touched: %v", f, err)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, markerFile)); err == nil {
			t.Errorf("a marker was written into a directory that is not ours")
		}
	}
}

// A marked directory with a stranger in it is refused too, and --fresh
// removes only what the marker lists.
func TestLabDirFresh(t *testing.T) {
	dir := t.TempDir()
	d, err := openLabDir(dir, false, false)
	if err != nil {
		t.Fatal(err)
	}
	d.release()
	mustWrite(t, filepath.Join(dir, "orders.db"), "earlier run")
	mustWrite(t, filepath.Join(dir, "nats", "jetstream", "x"), "earlier run")

	_, err = openLabDir(dir, false, false)
	if msg := inputMsg(t, err); !strings.Contains(msg, "earlier run's files (nats, orders.db)") || !strings.Contains(msg, "--fresh") {
		t.Errorf("message %q: want the earlier files named and --fresh offered", msg)
	}
	if _, err := os.Stat(filepath.Join(dir, "orders.db")); err != nil {
		t.Errorf("refused, yet orders.db is gone: %v", err)
	}

	mustWrite(t, filepath.Join(dir, "notes.txt"), "the user's")
	_, err = openLabDir(dir, true, false)
	if msg := inputMsg(t, err); !strings.Contains(msg, "notes.txt") {
		t.Errorf("message %q: want notes.txt named", msg)
	}
	os.Remove(filepath.Join(dir, "notes.txt"))

	d, err = openLabDir(dir, true, false)
	if err != nil {
		t.Fatal(err)
	}
	defer d.release()
	for _, f := range []string{"orders.db", "nats"} {
		if _, err := os.Stat(filepath.Join(dir, f)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("--fresh left %s: %v", f, err)
		}
	}
}

func TestLabDirForeignMarker(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, markerFile), "something else")
	_, err := openLabDir(dir, true, false)
	if msg := inputMsg(t, err); !strings.Contains(msg, "not one dualwrite wrote") {
		t.Errorf("message %q", msg)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, markerFile)); string(b) != "something else" {
		t.Errorf("the foreign marker was overwritten: %q", b)
	}
}

func TestLabDirLock(t *testing.T) {
	dir := t.TempDir()
	d, err := openLabDir(dir, false, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = openLabDir(dir, true, false)
	if msg := inputMsg(t, err); !strings.Contains(msg, "in use by another dualwrite run (pid "+strconv.Itoa(os.Getpid())+")") {
		t.Errorf("message %q: want the holder's pid", msg)
	}
	d.release()
	d, err = openLabDir(dir, false, false)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	d.release()
}
