package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/scenarios"
)

// homeDetail is the home screen's detail of a strategy, plain, one run of
// words: what pgdn scrolls through.
func homeDetail(t *testing.T, id string) string {
	t.Helper()
	s, err := scenarios.Lookup(id)
	if err != nil {
		t.Skipf("%s: %v", id, err)
	}
	var h home
	lines := h.detail(newStyles(true, true, false), s, 200)
	return strings.Join(strings.Fields(ansi.Strip(strings.Join(lines, "\n"))), " ")
}

// The home screen's experiments say what each expects: a double order and
// a poison event are not "✓ consistent", and two experiments with the same
// fault name the switch that tells them apart.
func TestHomeExperimentsSayWhatTheyExpect(t *testing.T) {
	naive := homeDetail(t, "naive")
	for _, want := range []string{
		"[6] reply=1*ack-lost --retry 1 ✗ double order 1",
		"[7] reply=1*ack-lost --retry 1 --idempotency-key ✓ consistent",
	} {
		if !strings.Contains(naive, want) {
			t.Errorf("naive's detail lacks %q:\n%s", want, naive)
		}
	}
	outbox := homeDetail(t, "outbox")
	for _, want := range []string{
		"[9] consumer.before-apply=1*poison ✗ stuck: the stream blocked",
		"(10) consumer.before-apply=1*poison --max-deliver 3 ✗ stuck: 1 parked",
		"relay.after-publish=1*crash --consumer inbox ✓ consistent",
		"from 10 on: the lesson or the matrix",
	} {
		if !strings.Contains(outbox, want) {
			t.Errorf("outbox's detail lacks %q:\n%s", want, outbox)
		}
	}
	if strings.Contains(outbox, "[10]") {
		t.Errorf("outbox's detail shows [10] as if it were a key:\n%s", outbox)
	}
}
