package docs_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
)

// README's "The two commands" are exactly true: the test command is the one
// .ci/run runs, and every setting CI adds to it (an environment variable, a
// flag) is named beside it, as is the vet CI runs first.
func TestReadmeTestCommandIsWhatCIRuns(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(readme), "\n## The two commands\n")
	if !ok {
		t.Fatal("README.md has no ## The two commands")
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	cmds := regexp.MustCompile(`(?m)^    (\S.*)$`).FindAllStringSubmatch(sec, -1)
	if len(cmds) != 2 || cmds[0][1] != "go run ./cmd/dualwrite" {
		t.Fatalf("README.md's two commands are %q, want `go run ./cmd/dualwrite` and the test command", cmds)
	}
	test := cmds[1][1]
	line := regexp.MustCompile(`(?m)^(\S+=\S+ )*go test .*$`).FindString(string(ci))
	if line == "" {
		t.Fatal(".ci/run runs no go test")
	}
	var extra []string
	var rest []string
	for _, w := range strings.Fields(line) {
		switch {
		case strings.Contains(w, "="):
			extra = append(extra, w)
		default:
			rest = append(rest, w)
		}
	}
	// Flags of go test that take a value CI adds: -timeout 30m.
	for i := 0; i < len(rest); i++ {
		if rest[i] == "-timeout" && i+1 < len(rest) {
			extra = append(extra, rest[i]+" "+rest[i+1])
			rest = append(rest[:i], rest[i+2:]...)
			i--
		}
	}
	if got := strings.Join(rest, " "); got != test {
		t.Errorf("README.md's test command is %q; .ci/run runs %q (its settings aside: %q)", test, got, extra)
	}
	flat := strings.Join(strings.Fields(sec), " ")
	for _, e := range extra {
		if !strings.Contains(flat, e) {
			t.Errorf("README.md never says CI adds %q to the test command", e)
		}
	}
	if strings.Contains(string(ci), "go vet ./...") && !strings.Contains(flat, "go vet ./...") {
		t.Error("README.md never says CI runs go vet ./... first")
	}
}

// README names the guides `tab` goes through in the UI, in the order it
// goes: the order of docs.Guides (poison and ordering were added to it and
// not to README).
func TestReadmeNamesTheGuidesInTabOrder(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(readme)), " ")
	m := regexp.MustCompile("`tab` goes on through the guides: ([a-z, ]+)\\)").FindStringSubmatch(flat)
	if m == nil {
		t.Fatal("README.md no longer says which guides `tab` goes through: update this test")
	}
	if got, want := strings.Split(m[1], ", "), docs.Guides(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("README.md says `tab` goes through %q; the UI goes through %q", got, want)
	}
}
