package tui

import (
	"regexp"
	"slices"
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

// The run sheet told the room to predict with c l g d r only; the lesson
// also takes o (double order), x (stuck) and a (ambiguous). Every key that
// answers on the lesson screen, found by pressing it, is in the help line
// and in both places the guide lists the answers, and nothing else is.
func TestWorkshopListsEveryAnswerKey(t *testing.T) {
	var accepted []string
	for c := 'a'; c <= 'z'; c++ {
		k := string(c)
		if k == "q" { // quits
			continue
		}
		h := newHarness(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
		h.press(k)
		if h.m.lesson != nil && h.m.lesson.pred.said() {
			accepted = append(accepted, k)
		}
	}
	if len(accepted) < 8 {
		t.Fatalf("the lesson takes only %v as answers", accepted)
	}
	var help []string
	for _, b := range newKeyMap().forState(stateLesson).short {
		if b.Help().Desc == "predict" {
			help = strings.Fields(b.Help().Key)
		}
	}
	if !slices.Equal(sorted(help), accepted) {
		t.Errorf("the lesson's help line lists %v as answer keys; the screen takes %v", help, accepted)
	}
	guide := docs.Workshop()
	for _, place := range []struct{ from, to string }{
		{"each predicts with", ";"},                         // the run sheet with the room connected
		{"In the lesson, before each run", "Several kinds"}, // the Keys section
	} {
		_, sec, ok := strings.Cut(guide, place.from)
		if !ok {
			t.Errorf("docs/workshop.md lacks %q", place.from)
			continue
		}
		sec, _, _ = strings.Cut(sec, place.to)
		var listed []string
		for _, m := range regexp.MustCompile("`([a-z])`").FindAllStringSubmatch(sec, -1) {
			listed = append(listed, m[1])
		}
		if !slices.Equal(sorted(listed), accepted) {
			t.Errorf("docs/workshop.md, after %q, lists %v as answer keys; the lesson takes %v", place.from, listed, accepted)
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
