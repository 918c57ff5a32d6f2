package trace

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteText writes one line per event: offset, actor, step, detail, and the
// fault marked where it struck.
func WriteText(w io.Writer, events []Event) error {
	for _, e := range events {
		who := e.Actor
		if e.Target != "" {
			who += "→" + e.Target
		}
		line := fmt.Sprintf("%9s  %-17s %-12s %s", FormatOffset(e.At), who, e.Step, e.Detail)
		if e.Fault != "" {
			line += "  ⚡ FAULT " + e.Fault
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(line, " ")); err != nil {
			return err
		}
	}
	return nil
}

// FormatOffset renders a time offset as milliseconds with one decimal.
func FormatOffset(d time.Duration) string {
	return fmt.Sprintf("+%.1fms", float64(d.Microseconds())/1000)
}

// WriteMermaid writes the events as a Mermaid sequence diagram.
func WriteMermaid(w io.Writer, events []Event) error {
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	for _, p := range participants(events) {
		fmt.Fprintf(&b, "    participant %s\n", p)
	}
	for _, e := range events {
		text := mermaidText(e.Step + ": " + e.Detail)
		switch {
		case e.Target != "" && e.Target != e.Actor:
			fmt.Fprintf(&b, "    %s->>%s: %s\n", e.Actor, e.Target, text)
		default:
			fmt.Fprintf(&b, "    Note over %s: %s\n", e.Actor, text)
		}
		if e.Fault != "" {
			fmt.Fprintf(&b, "    Note over %s: ⚡ FAULT %s\n", e.Actor, mermaidText(e.Fault))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// participants lists the lanes in a fixed teaching order, then any others.
func participants(events []Event) []string {
	seen := map[string]bool{}
	for _, e := range events {
		seen[e.Actor] = true
		if e.Target != "" {
			seen[e.Target] = true
		}
	}
	var out []string
	for _, p := range Lanes {
		if seen[p] {
			out = append(out, p)
			delete(seen, p)
		}
	}
	for _, e := range events {
		for _, p := range []string{e.Actor, e.Target} {
			if seen[p] {
				out = append(out, p)
				delete(seen, p)
			}
		}
	}
	return out
}

// Lanes is the teaching order of the actors, left to right.
var Lanes = []string{Service, "service-a", "service-b", Relay, "connector", "poller", "coordinator", SQLite, NATS, Consumer, Lab}

func mermaidText(s string) string {
	r := strings.NewReplacer(";", ",", "#", "", "\n", " ")
	return r.Replace(s)
}
