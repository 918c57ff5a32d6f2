package lab

import "github.com/dualwrite/dualwrite/trace"

// Follow calls fn with each step of the run as it happens, starting with the
// steps so far, so a renderer can print the trace live; nil stops following.
func (r *Run) Follow(fn func(trace.Event)) { r.trace.Follow(fn) }

// Steps is the number of steps the run has taken so far: what an interrupted
// run can still say about itself.
func (r *Run) Steps() int { return r.trace.Len() }
