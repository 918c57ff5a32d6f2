package main

import (
	"strings"
	"testing"
)

// A text run's first line names every switch that shapes the run, as its
// JSON report does; without one it is the line README shows.
func TestRunHeaderNamesItsSwitches(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "dualwrite run outbox · no faults · seed 1 · 3 orders (place)\n"},
		{[]string{"--retry", "2", "--idempotency-key", "--max-deliver", "3", "--consumers", "2", "--partitions", "2", "--interval", "2ms"},
			"dualwrite run outbox · no faults · seed 1 · 3 orders (place) · retry 2, idempotency key, max-deliver 3, 2 consumers, 2 partitions, interval 2ms\n"},
		{[]string{"--orders", "1"}, "dualwrite run outbox · no faults · seed 1 · 1 order (place)\n"},
	} {
		code, out, errs := dwRun(t, append([]string{"run", "outbox"}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, errs)
		}
		if first, _, _ := strings.Cut(out, "\n"); first+"\n" != c.want {
			t.Errorf("%v: first line %q, want %q", c.args, first, c.want)
		}
	}
}
