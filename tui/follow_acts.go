package tui

import (
	"slices"

	"github.com/dualwrite/dualwrite/faults"
)

// A follower's lab must be the presenter's world, not only at the same
// step: a crash by hand, a broker switched, a fault armed from the picker
// change what happens next. The presenter's cue carries them as Acts, typed
// as the session keeps them, so nothing is written out and read back.

// Acts is what the user did to a run between steps, in the order done.
type Acts []act

// Equal reports whether a and b are the same acts, at the same steps.
func (a Acts) Equal(b Acts) bool { return slices.EqualFunc(a, b, act.equal) }

func (a act) equal(b act) bool {
	return a.at == b.at && a.kind == b.kind && sameFault(a.fault, b.fault)
}

func sameFault(a, b faults.Fault) bool {
	return a.Point == b.Point && slices.Equal(a.Chain, b.Chain)
}

func sameFaults(a, b []faults.Fault) bool { return slices.EqualFunc(a, b, sameFault) }

// follow makes the run the presenter's: the same acts, steps steps, and to
// the end when finish is set. When the run so far is a start of the
// presenter's (the same acts, no step beyond), it only steps on; otherwise
// it replays from the start, as ← does.
func (s *session) follow(steps int, acts Acts, finish bool) (frame, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return frame{}, errClosed
	}
	if s.run == nil || !Acts(s.acts).Equal(acts) || s.steps > steps {
		// A copy: the cue's acts are shared with every follower, and this
		// session appends its own.
		return s.replay(steps, slices.Clone(acts), finish)
	}
	r := s.run
	for (s.steps < steps || finish) && !r.Finished() {
		if _, err := r.Step(s.ctx); err != nil {
			return s.read(), err
		}
		s.stepped(r)
	}
	return s.read(), nil
}
