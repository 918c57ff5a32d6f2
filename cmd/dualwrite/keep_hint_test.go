package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The sqlite3 command a kept run suggests can be pasted as it is, whatever
// the directory's name: a shell reads its path back whole.
func TestKeptRunsHintPastes(t *testing.T) {
	for _, name := range []string{"keep", "my lab", "it's"} {
		dir := filepath.Join(t.TempDir(), name)
		code, stdout, stderr := runMain(t, "run", "naive", "--db", dir)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		_, hint, ok := strings.Cut(stdout, ": try sqlite3 ")
		arg, _, ok2 := strings.Cut(hint, " 'select * from orders'\n")
		if !ok || !ok2 {
			t.Fatalf("%s: no sqlite3 hint in %q", name, stdout[strings.LastIndex(stdout, "\n\n"):])
		}
		out, err := exec.Command("sh", "-c", "printf %s "+arg).Output()
		if err != nil || string(out) != filepath.Join(dir, "orders.db") {
			t.Errorf("%s: the shell reads %s as %q (%v), want %q", name, arg, out, err, filepath.Join(dir, "orders.db"))
		}
	}
}
