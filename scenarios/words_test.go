package scenarios_test

import (
	"strings"
	"testing"
)

// A log tailer reading one change says so in the singular, as a student
// reads it on the trace and in the UI's narration.
func TestReadLogCountsInWords(t *testing.T) {
	for id, one := range map[string]string{"cdc": "1 change after offset", "outbox-cdc": "1 outbox insert after offset"} {
		rep := mustRun(t, lookup(t, id), nil, false, 1)
		seen := false
		for _, e := range rep.Trace {
			if e.Step != "read log" {
				continue
			}
			seen = true
			if strings.HasPrefix(e.Detail, "1 ") && !strings.HasPrefix(e.Detail, one) {
				t.Errorf("%s: read log says %q, want it to start %q", id, e.Detail, one)
			}
		}
		if !seen {
			t.Errorf("%s: no read log on the trace", id)
		}
	}
}
