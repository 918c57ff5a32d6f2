package trace_test

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/trace"
)

var events = []trace.Event{
	{Actor: trace.Service, Target: trace.SQLite, Step: "commit", Detail: "COMMIT: o-1 v1 (placed) is durable"},
	{Actor: trace.Service, Step: "fault", Detail: "crash after the commit", Fault: "after-commit=crash"},
	{Actor: trace.Lab, Target: trace.Service, Step: "crash", Detail: "killed; memory gone"},
}

func TestTextMarksTheFault(t *testing.T) {
	var b strings.Builder
	if err := trace.WriteText(&b, events); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want one line per event, got %d:\n%s", len(lines), b.String())
	}
	if !strings.Contains(lines[0], "service→sqlite") || !strings.Contains(lines[1], "⚡ FAULT after-commit=crash") {
		t.Errorf("text does not show who acted on whom and where the fault struck:\n%s", b.String())
	}
}

func TestMermaidLanesAndNotes(t *testing.T) {
	var b strings.Builder
	if err := trace.WriteMermaid(&b, events); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"sequenceDiagram\n",
		"box rgb(232,240,255) order service\n    participant service as service\n    participant orders_db as orders.db\n    end\n    participant lab as lab\n",
		"service->>orders_db: commit: COMMIT: o-1 v1 (placed) is durable",
		"Note over service: ⚡ FAULT after-commit=crash",
		"lab->>service: crash: killed, memory gone", // ';' would end a Mermaid statement
	} {
		if !strings.Contains(out, want) {
			t.Errorf("mermaid lacks %q:\n%s", want, out)
		}
	}
}
