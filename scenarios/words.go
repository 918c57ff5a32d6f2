package scenarios

import (
	"fmt"
	"strings"
)

// The words of the comparison matrix, shared by `dualwrite compare` and the UI.

// Measured says what the cell's run showed: "lost 1 ?", "consistent ≡1",
// "blocked", "error".
func (c Cell) Measured() string {
	if c.Err != nil {
		return "error"
	}
	rep := c.Report
	a := rep.Anomalies
	s := short(Outcome{Lost: a.Lost, Ghost: a.Ghost, Duplicate: a.Duplicate, Reordered: a.Reordered, DoubleOrder: a.DoubleOrder,
		Parked: len(rep.Parked), Blocked: rep.Blocked != nil}.String())
	if len(rep.Ambiguous) > 0 {
		s += " ?"
	}
	s += c.Shares()
	if rep.BlockedMs != nil && *rep.BlockedMs > 0 {
		s += " blocked"
	}
	return s
}

// Short says the expected outcome in the same words as Measured.
func (o Outcome) Short() string {
	s := short(o.String())
	if o.Ambiguous {
		s += " ?"
	}
	if o.Deduplicated > 0 {
		s += fmt.Sprintf(" ≡≥%d", o.Deduplicated)
	}
	return s
}

// short keeps outcomes narrow enough for a matrix that fits 120 columns.
func short(s string) string { return shortWords.Replace(s) }

var shortWords = strings.NewReplacer("duplicate", "dup", "reordered", "reord", ", ", ",")
