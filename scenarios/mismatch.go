package scenarios

import (
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/lab"
)

// Mismatch compares a report with an expected outcome and says how they
// differ, or returns "" when the report meets it.
func Mismatch(want Outcome, rep *lab.Report) string {
	var diffs []string
	got := rep.Anomalies
	for _, c := range []struct {
		name      string
		want, got int
	}{{"lost", want.Lost, got.Lost}, {"ghost", want.Ghost, got.Ghost},
		{"duplicate", want.Duplicate, got.Duplicate}, {"reordered", want.Reordered, got.Reordered},
		{"double-order", want.DoubleOrder, got.DoubleOrder}} {
		if c.got == c.want || (want.AtLeast && c.got >= c.want && c.want > 0) {
			continue
		}
		rel := ""
		if want.AtLeast && c.want > 0 {
			rel = "at least "
		}
		diffs = append(diffs, fmt.Sprintf("%s %d, want %s%d", c.name, c.got, rel, c.want))
	}
	if want.Ambiguous && len(rep.Ambiguous) == 0 {
		diffs = append(diffs, "no ambiguous outcome, want a caller told 'failed' for a committed order")
	}
	diffs = append(diffs, poisonMismatch(want, rep)...)
	if rep.Deduplicated < want.Deduplicated {
		diffs = append(diffs, fmt.Sprintf("deduplicated %d, want at least %d", rep.Deduplicated, want.Deduplicated))
	}
	return strings.Join(diffs, "; ")
}

// String says the outcome in words: "consistent", "lost 1", "ghost ≥1, duplicate 1".
func (o Outcome) String() string {
	var parts []string
	rel := ""
	if o.AtLeast {
		rel = "≥"
	}
	for _, c := range []struct {
		name string
		n    int
	}{{"lost", o.Lost}, {"ghost", o.Ghost}, {"duplicate", o.Duplicate}, {"reordered", o.Reordered}, {"double-order", o.DoubleOrder}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%s %s%d", c.name, rel, c.n))
		}
	}
	parts = append(parts, o.poisonWords()...)
	if len(parts) == 0 {
		return "consistent"
	}
	return strings.Join(parts, ", ")
}

// Unstruck says which armed terms never struck, or "": an experiment whose
// fault never struck shows nothing about that fault.
func Unstruck(rep *lab.Report) string {
	var parts []string
	for _, t := range rep.Unstruck {
		parts = append(parts, "○ "+t.Why())
	}
	return strings.Join(parts, "; ")
}
