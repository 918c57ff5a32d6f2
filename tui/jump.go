package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/trace"
)

// The jumps take a presenter to the moment that matters: the next fault,
// the recovery. Before it happened they step on until it does; once the
// run is over they scroll the diagram to it.

func isFault(e trace.Event) bool    { return e.Fault != "" }
func isRecovery(e trace.Event) bool { return e.Actor == trace.Lab && e.Step == "recover" }

// maxJumpSteps bounds the steps a jump takes: a run of the lab is far
// shorter, so reaching it means the event is not coming.
const maxJumpSteps = 2000

// none is the notice for a finished run with no such event, other the one
// for a run whose only such event is the one on show.
func (r *runScreen) jump(is func(trace.Event) bool, none, other string) tea.Cmd {
	if r.busy {
		return nil
	}
	// Past the part of the diagram on show, the next such event already on
	// the trace: scroll to it.
	rows := len(r.fr.events)
	if r.fr.hasNext {
		rows++
	}
	top := max(rows-r.scroll-r.diagH, 0)
	for i := top + 1; i < len(r.fr.events); i++ {
		if is(r.fr.events[i]) {
			r.scrollTo(i)
			return nil
		}
	}
	if r.fr.finished {
		// From the top again, so the key cycles through them.
		for i, e := range r.fr.events {
			if is(e) && i != top {
				r.scrollTo(i)
				return nil
			}
		}
		r.notice = none
		if top < len(r.fr.events) && is(r.fr.events[top]) {
			r.notice = other
		}
		return nil
	}
	r.auto = false
	from := len(r.fr.events)
	r.jumpTo = -1
	return r.start("jump", func() (frame, error) {
		fr, err := r.sess.stepUntil(maxJumpSteps, func(events []trace.Event) bool {
			for _, e := range events[from:] {
				if is(e) {
					return true
				}
			}
			return false
		})
		return fr, err
	})
}

// scrollTo scrolls the diagram so that event i is the second row on show.
func (r *runScreen) scrollTo(i int) {
	rows := len(r.fr.events)
	if r.fr.hasNext {
		rows++
	}
	r.scroll = max(rows-(i-1)-r.diagH, 0)
}
