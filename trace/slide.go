package trace

import (
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Slide is what a slide shows besides the trace: the order it follows and
// the checker's findings about that order, as sentences.
type Slide struct {
	Order     string
	Findings  []string // empty: the order came through consistent
	Ambiguous bool     // its caller was told it failed, yet it is committed
}

// SlideMaxMessages bounds the arrows of a slide: more do not fit a screen a
// room can read.
const SlideMaxMessages = 20

// slideOmit are the steps a slide leaves out first when it has too many
// messages, least telling first.
var slideOmit = []string{"begin", "read outbox", "read log", "poll", "load offset", "log", "lock", "wait", "ack", "write", "deliver", "unstage"}

// WriteSlide writes the trace of one order as a Mermaid sequence diagram
// for a slide: every lane declared, each system in a box, messages
// numbered, the fault and what follows it shaded, a note at each fault and
// one with the verdict on the order, no file paths, at most
// SlideMaxMessages messages.
func WriteSlide(w io.Writer, events []Event, s Slide) error {
	evs := slideEvents(events, s.Order)
	if len(evs) == 0 {
		return fmt.Errorf("order %s is not on the trace", s.Order)
	}
	evs = fitSlide(evs)
	var b strings.Builder
	b.WriteString("sequenceDiagram\n    autonumber\n")
	lanes := participants(events)
	var declared []string
	for _, l := range lanes {
		if l != Lab {
			declared = append(declared, l)
		}
	}
	declare(&b, declared)
	window := -1 // the first event of the lesson's window
	for i, e := range evs {
		if e.Fault != "" || (e.Actor == Lab && e.Step == "race") {
			window = i
			break
		}
	}
	first, last := mermaidID(declared[0]), mermaidID(declared[len(declared)-1])
	for i, e := range evs {
		if i == window {
			b.WriteString("    rect rgb(255,236,236)\n")
		}
		actor, target := LanesOf(e)
		switch {
		case e.Fault != "":
			fmt.Fprintf(&b, "    Note over %s: ⚡ fault %s: %s\n", mermaidID(actor), slideText(e.Fault), slideText(e.Detail))
		case e.Actor == Lab && target != "":
			fmt.Fprintf(&b, "    Note over %s: %s: %s\n", mermaidID(target), slideText(e.Step), slideText(short(e.Detail)))
		case e.Actor == Lab && e.Step == "recover":
			fmt.Fprintf(&b, "    Note over %s,%s: recovery: faults lifted, crashed parts restart, workers drain, the consumer catches up\n", first, last)
		case e.Actor == Lab:
			fmt.Fprintf(&b, "    Note over %s,%s: %s\n", first, last, slideText(e.Step+": "+short(e.Detail)))
		case target != "" && target != actor:
			fmt.Fprintf(&b, "    %s->>%s: %s\n", mermaidID(actor), mermaidID(target), slideText(e.Step+": "+short(e.Detail)))
		default:
			fmt.Fprintf(&b, "    Note over %s: %s\n", mermaidID(actor), slideText(e.Step+": "+short(e.Detail)))
		}
	}
	if window >= 0 {
		b.WriteString("    end\n")
	}
	closing := "✓ " + s.Order + " is consistent: orders.db and shipping.db agree"
	if len(s.Findings) > 0 {
		closing = "✗ " + strings.Join(s.Findings, " · ")
	}
	if s.Ambiguous {
		closing += " · ? ambiguous: its caller was told it failed (or got no answer), yet it is committed"
	}
	fmt.Fprintf(&b, "    Note over %s,%s: %s\n", first, last, slideText(closing))
	_, err := io.WriteString(w, b.String())
	return err
}

// slideEvents are the events of one order, and what the lab did to the
// world while the order was under way: crashes, restarts, the broker going
// down, the recovery.
func slideEvents(events []Event, order string) []Event {
	from, to := -1, -1
	for i, e := range events {
		if e.Order == order {
			if from < 0 {
				from = i
			}
			to = i
		}
	}
	if from < 0 {
		return nil
	}
	var out []Event
	for i := from; i <= to; i++ {
		e := events[i]
		switch {
		case e.Order == order:
		case e.Actor == Lab && e.Step != "start" && e.Step != "verdict":
		default:
			continue
		}
		out = append(out, e)
	}
	return out
}

// fitSlide drops the least telling messages until at most SlideMaxMessages
// remain, then cuts the rest; faults and what the lab did are never
// dropped, since they are notes.
func fitSlide(evs []Event) []Event {
	for _, step := range slideOmit {
		if messages(evs) <= SlideMaxMessages {
			break
		}
		var kept []Event
		for _, e := range evs {
			if !(isMessage(e) && e.Step == step) {
				kept = append(kept, e)
			}
		}
		evs = kept
	}
	if messages(evs) <= SlideMaxMessages {
		return evs
	}
	var kept []Event
	n := 0
	for _, e := range evs {
		if isMessage(e) {
			if n == SlideMaxMessages {
				continue
			}
			n++
		}
		kept = append(kept, e)
	}
	return kept
}

func isMessage(e Event) bool {
	actor, target := LanesOf(e)
	return e.Fault == "" && e.Actor != Lab && target != "" && target != actor
}

func messages(evs []Event) int {
	n := 0
	for _, e := range evs {
		if isMessage(e) {
			n++
		}
	}
	return n
}

// short is the lead of a long detail, up to its last ": " in the first 60
// bytes: a slide has room for little. The last, not the first: "the caller
// is told: failed: the publish ..." keeps "failed".
func short(s string) string {
	if len(s) > 60 {
		if i := strings.LastIndex(s[:61], ": "); i > 0 {
			s = s[:i]
		}
	}
	if r := []rune(s); len(r) > 70 {
		s = string(r[:69]) + "…"
	}
	return s
}

// pathRe is a file path: a slide shows no machine's directories.
var pathRe = regexp.MustCompile(`(?:[A-Za-z0-9._-]*/)+[A-Za-z0-9._-]*`)

func slideText(s string) string {
	return mermaidText(pathRe.ReplaceAllString(s, "…"))
}

// CheckSlide checks the Mermaid syntax rules a slide relies on: it starts
// with sequenceDiagram and autonumber; every participant is declared once,
// inside a box; box, rect and end balance, boxes only before the first
// message and never nested; every message and note names declared
// participants; at most SlideMaxMessages messages; no file paths.
func CheckSlide(text string) error {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) < 2 || lines[0] != "sequenceDiagram" || strings.TrimSpace(lines[1]) != "autonumber" {
		return fmt.Errorf("a slide starts with sequenceDiagram then autonumber")
	}
	declared := map[string]bool{}
	var open []string // box or rect
	msgs, started := 0, false
	msgRe := regexp.MustCompile(`^([A-Za-z0-9_]+)->>([A-Za-z0-9_]+): \S`)
	noteRe := regexp.MustCompile(`^Note over ([A-Za-z0-9_]+)(?:,([A-Za-z0-9_]+))?: \S`)
	partRe := regexp.MustCompile(`^participant ([A-Za-z0-9_]+) as \S+$`)
	for n, raw := range lines[2:] {
		l := strings.TrimSpace(raw)
		at := fmt.Sprintf("line %d %q", n+3, l)
		if pathRe.MatchString(l) && strings.Contains(l, "/") {
			return fmt.Errorf("%s: a file path", at)
		}
		switch {
		case strings.HasPrefix(l, "box "):
			if started || len(open) > 0 {
				return fmt.Errorf("%s: a box after the first message, or inside another block", at)
			}
			open = append(open, "box")
		case strings.HasPrefix(l, "rect "):
			open = append(open, "rect")
		case l == "end":
			if len(open) == 0 {
				return fmt.Errorf("%s: end without a block", at)
			}
			open = open[:len(open)-1]
		case strings.HasPrefix(l, "participant "):
			m := partRe.FindStringSubmatch(l)
			if m == nil || declared[m[1]] || len(open) == 0 || open[len(open)-1] != "box" {
				return fmt.Errorf("%s: a participant is declared once, by id and name, in a box", at)
			}
			declared[m[1]] = true
		case strings.HasPrefix(l, "Note over "):
			m := noteRe.FindStringSubmatch(l)
			if m == nil || !declared[m[1]] || (m[2] != "" && !declared[m[2]]) {
				return fmt.Errorf("%s: a note over undeclared participants", at)
			}
			started = true
		default:
			m := msgRe.FindStringSubmatch(l)
			if m == nil {
				return fmt.Errorf("%s: not a statement a slide uses", at)
			}
			if !declared[m[1]] || !declared[m[2]] {
				return fmt.Errorf("%s: a message between undeclared participants", at)
			}
			if endWord.MatchString(strings.ReplaceAll(l, "(end)", "")) {
				return fmt.Errorf("%s: a bare end inside a message", at)
			}
			msgs++
			started = true
		}
	}
	if len(open) > 0 {
		return fmt.Errorf("%d blocks not closed", len(open))
	}
	if msgs > SlideMaxMessages {
		return fmt.Errorf("%d messages, more than %d", msgs, SlideMaxMessages)
	}
	if msgs == 0 {
		return fmt.Errorf("no messages")
	}
	return nil
}
