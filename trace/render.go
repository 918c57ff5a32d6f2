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
