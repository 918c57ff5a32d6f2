package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
)

// Every `dualwrite run` line of a ```sh block in README.md and docs/ is one
// a student can paste: the real program takes it and exits 0 (docs's
// commands_test.go checks the lines against a copy of the flags; this runs
// them). A --db DIR is moved into the test's own directory; a line for
// another server (--nats-url) is left out.
func TestEveryDocumentedRunLineRuns(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{"README.md": string(readme)}
	for _, id := range docs.IDs() {
		p, _ := docs.Page(id)
		pages["docs/"+id+".md"] = p
	}
	sh := regexp.MustCompile("(?s)```sh\n(.*?)```")
	n := 0
	for name, page := range pages {
		for _, b := range sh.FindAllStringSubmatch(page, -1) {
			for _, line := range strings.Split(strings.TrimSpace(b[1]), "\n") {
				args := strings.Fields(strings.ReplaceAll(line, "'", ""))
				if len(args) < 2 || args[0] != "dualwrite" || args[1] != "run" || strings.Contains(line, "--nats-url") {
					continue
				}
				for i, a := range args {
					if a == "--db" && i+1 < len(args) {
						args[i+1] = filepath.Join(t.TempDir(), filepath.Base(args[i+1]))
					}
				}
				n++
				code, _, errs := runMain(t, args[1:]...)
				if code != 0 {
					t.Errorf("%s: %s: exit %d: %s", name, line, code, errs)
				}
			}
		}
	}
	if n < 50 {
		t.Errorf("ran %d documented lines; README and docs/ show more than 50", n)
	}
}
