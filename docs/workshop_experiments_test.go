package docs_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/docs"
	"github.com/dualwrite/dualwrite/scenarios"
)

// The workshop tells the presenter which digit opens which experiment on the
// home screen ("press `4` (`relay.after-publish=1*crash`)"). A digit opens
// the strategy's experiment of that number in the catalog, so a new
// experiment inserted before it would make the presenter open the wrong
// one: every such digit is held to the catalog here. The strategy is the
// one the text last named in backticks.
func TestWorkshopDigitsOpenTheNamedExperiments(t *testing.T) {
	w := docs.Workshop()
	_, w, _ = strings.Cut(w, "\n## 1. ")
	w = regexp.MustCompile("(?s)```.*?```").ReplaceAllString(w, "")
	ids := map[string]bool{}
	for _, s := range scenarios.All() {
		ids[s.ID] = true
	}
	token := regexp.MustCompile("`([^`\n]+)`(?: \\((`[^`\n]+`|no fault|the lifecycle workload)[^)]*\\))?")
	strategy, checked := "naive", 0
	for _, m := range token.FindAllStringSubmatch(w, -1) {
		if ids[m[1]] {
			strategy = m[1]
			continue
		}
		n, err := strconv.Atoi(m[1])
		if err != nil || m[2] == "" {
			continue
		}
		s, _ := scenarios.Lookup(strategy)
		if n < 1 || n > len(s.Expect) || n > 9 {
			t.Errorf("the workshop presses `%d` on %s, which has no experiment a digit opens (1 to %d)", n, strategy, min(9, len(s.Expect)))
			continue
		}
		e := s.Expect[n-1]
		checked++
		switch want := strings.Trim(m[2], "`"); want {
		case "no fault":
			if len(e.Faults) != 0 || e.Lifecycle {
				t.Errorf("the workshop says `%d` on %s is the run with no fault; it is %v (lifecycle %v)", n, strategy, e.Faults, e.Lifecycle)
			}
		case "the lifecycle workload":
			if !e.Lifecycle {
				t.Errorf("the workshop says `%d` on %s is the lifecycle workload; it is %v", n, strategy, e.Faults)
			}
		default:
			if !slices.Equal(e.Faults, []string{want}) {
				t.Errorf("the workshop says `%d` on %s opens %s; it opens %v", n, strategy, want, e.Faults)
			}
		}
	}
	if checked < 9 {
		t.Errorf("checked %d digits; the workshop names at least 9 (the pattern no longer finds them?)", checked)
	}
}

// The workshop's "`↓` to `X`" moves are as many as the home list needs: from
// cdc one `↓` landed on outbox-cdc, not cdc-polling. The home list is the
// catalog's order, and `esc` goes back to it on the strategy just left.
func TestWorkshopDownMovesReachTheNamedStrategy(t *testing.T) {
	_, w, _ := strings.Cut(docs.Workshop(), "\n## 1. ")
	at := slices.Index(scenarios.IDs(), "naive")
	moves := regexp.MustCompile("`↓`( twice)? to `([^`]+)`").FindAllStringSubmatch(w, -1)
	for _, m := range moves {
		to := slices.Index(scenarios.IDs(), m[2])
		want := 1
		if m[1] != "" {
			want = 2
		}
		if to < 0 || to-at != want {
			t.Errorf("the workshop says %q, from %s: that takes %d presses of ↓", m[0], scenarios.IDs()[at], to-at)
		}
		at = max(to, 0)
	}
	if len(moves) < 8 {
		t.Errorf("found %d moves; the workshop makes at least 8 (the pattern no longer finds them?)", len(moves))
	}
}
