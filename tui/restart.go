package tui

import (
	"errors"

	"github.com/dualwrite/dualwrite/lab"
)

// restart starts the session's run afresh from step 0 with change applied to
// its config, for a switch that is part of how the world is built. With
// keepArmed the faults armed before the first step are armed again; the
// others are dropped with the old run. A config the lab refuses leaves the
// run as it was.
func (s *session) restart(change func(*lab.Config), keepArmed bool) (frame, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return frame{}, errClosed
	}
	old := s.cfg
	change(&s.cfg)
	r, err := s.start(s.ctx, s.fresh())
	if err != nil {
		s.cfg = old
		var ie *lab.InputError
		if errors.As(err, &ie) {
			err = errors.New(ie.Msg)
		}
		if s.run != nil {
			return s.read(), err
		}
		return frame{}, err
	}
	if s.run != nil {
		s.run.Close()
	}
	s.run, s.steps = r, 0
	s.marks = []int{len(r.Trace())}
	var kept []act
	for _, a := range s.acts {
		if keepArmed && a.at == 0 {
			kept = append(kept, a)
			if err := apply(r, a); err != nil {
				return s.read(), err
			}
		}
	}
	s.acts = kept
	return s.read(), nil
}
