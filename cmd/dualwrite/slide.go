package main

import (
	"fmt"
	"io"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/trace"
)

// writeSlide writes one order of a run as a Mermaid slide: the order named,
// or the first a finding names, or o-1.
func writeSlide(w io.Writer, rep *lab.Report, order string) error {
	if order == "" {
		order = "o-1"
		if len(rep.Findings) > 0 {
			order = rep.Findings[0].Order
		}
	}
	s := trace.Slide{Order: order}
	for _, f := range rep.Findings {
		if f.Order == order {
			s.Findings = append(s.Findings, fmt.Sprintf("%s: %s", f.Kind, f.Explanation))
		}
	}
	for _, o := range rep.Ambiguous {
		s.Ambiguous = s.Ambiguous || o == order
	}
	for _, e := range rep.Trace {
		if e.Order == order {
			return trace.WriteSlide(w, rep.Trace, s)
		}
	}
	return usagef("bad --order %q: the run has orders o-1 to o-%d", order, rep.Orders)
}
