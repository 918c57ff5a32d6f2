package trace

import (
	"fmt"
	"io"
	"regexp"
	"strings"
)

// WriteMermaid writes the events as a Mermaid sequence diagram: orders.db
// and shipping.db as two lanes, the service's side and downstream each in a
// box, the lab outside both.
func WriteMermaid(w io.Writer, events []Event) error {
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	declare(&b, participants(events))
	for _, e := range events {
		actor, target := LanesOf(e)
		text := mermaidText(e.Step + ": " + e.Detail)
		switch {
		case target != "" && target != actor:
			fmt.Fprintf(&b, "    %s->>%s: %s\n", mermaidID(actor), mermaidID(target), text)
		default:
			fmt.Fprintf(&b, "    Note over %s: %s\n", mermaidID(actor), text)
		}
		if e.Fault != "" {
			fmt.Fprintf(&b, "    Note over %s: ⚡ FAULT %s\n", mermaidID(actor), mermaidText(e.Fault))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// declare writes the participants, each system's lanes in a box.
func declare(b *strings.Builder, lanes []string) {
	open := -2
	for _, l := range lanes {
		sys := SystemOf(l)
		if sys != open {
			if open >= 0 {
				b.WriteString("    end\n")
			}
			if sys >= 0 {
				fmt.Fprintf(b, "    box %s %s\n", boxColours[sys], Systems[sys].Name)
			}
			open = sys
		}
		fmt.Fprintf(b, "    participant %s as %s\n", mermaidID(l), l)
	}
	if open >= 0 {
		b.WriteString("    end\n")
	}
}

// boxColours are light tints, one per system, that keep Mermaid's default
// black text readable.
var boxColours = []string{"rgb(232,240,255)", "rgb(236,248,236)"}

// participants lists the lanes of the events in teaching order, then any
// others in order of appearance. Lanes of no system go after the systems,
// so each box is one run of participants.
func participants(events []Event) []string {
	seen := map[string]bool{}
	var appear []string
	for _, e := range events {
		a, t := LanesOf(e)
		for _, l := range []string{a, t} {
			if l != "" && !seen[l] {
				seen[l] = true
				appear = append(appear, l)
			}
		}
	}
	var out []string
	for _, l := range LaneOrder() {
		if seen[l] && l != Lab {
			out = append(out, l)
			delete(seen, l)
		}
	}
	for _, l := range appear {
		if seen[l] && SystemOf(l) >= 0 {
			out = append(out, l)
			delete(seen, l)
		}
	}
	for _, l := range appear {
		if seen[l] {
			out = append(out, l)
			delete(seen, l)
		}
	}
	return out
}

var notID = regexp.MustCompile(`[^A-Za-z0-9_]`)

// mermaidID is a lane's name as a Mermaid identifier: "orders.db" and
// "service-a" would be read as syntax.
func mermaidID(lane string) string { return notID.ReplaceAllString(lane, "_") }

// endWord is Mermaid's block terminator, which breaks a diagram even inside
// a message unless it is bracketed.
var endWord = regexp.MustCompile(`(?i)\bend\b`)

func mermaidText(s string) string {
	r := strings.NewReplacer(";", ",", "#", "", "\n", " ")
	return endWord.ReplaceAllString(r.Replace(s), "(end)")
}
