package tui

import (
	"strings"
	"testing"
)

// The help did not say what the diagram's one-letter labels are; only the
// labels line under the diagram did, and only while such a row is on show.
func TestHelpSaysWhatTheOneLetterLabelsAre(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "naive", 1), Base: baseConfig()}, 80, 24)
	h.idle()
	h.press("?")
	var seen strings.Builder
	for range 30 {
		seen.WriteString(h.screen())
		h.press("down")
	}
	all := strings.Join(strings.Fields(seen.String()), " ")
	for _, want := range []string{"a one-letter label", "the last line of the diagram names each letter"} {
		if !strings.Contains(all, want) {
			t.Errorf("the help never says %q:\n%s", want, h.screen())
		}
	}
}
