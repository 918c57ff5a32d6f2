package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dualwrite/dualwrite/scenarios"
)

// A follower's lab must be the presenter's world, not only at the same
// step: a crash by hand, a broker switched, a fault armed from the picker
// change what happens next. The presenter's cue carries them, encoded as a
// string so that the cue stays comparable: "2 crash;3 broker;4 arm
// after-commit=1*crash", each act after that many steps.

func encodeActs(acts []act) string {
	parts := make([]string, 0, len(acts))
	for _, a := range acts {
		switch a.kind {
		case actCrash:
			parts = append(parts, fmt.Sprintf("%d crash", a.at))
		case actBroker:
			parts = append(parts, fmt.Sprintf("%d broker", a.at))
		case actArm:
			parts = append(parts, fmt.Sprintf("%d arm %s", a.at, a.fault))
		}
	}
	return strings.Join(parts, ";")
}

// decodeActs reads encodeActs's string back, parsing an armed fault against
// the strategy's points.
func decodeActs(s scenarios.Strategy, enc string) ([]act, error) {
	if enc == "" {
		return nil, nil
	}
	var out []act
	for _, part := range strings.Split(enc, ";") {
		f := strings.SplitN(part, " ", 3)
		if len(f) < 2 {
			return nil, fmt.Errorf("bad act %q", part)
		}
		at, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, fmt.Errorf("bad act %q: %w", part, err)
		}
		switch {
		case f[1] == "crash" && len(f) == 2:
			out = append(out, act{at: at, kind: actCrash})
		case f[1] == "broker" && len(f) == 2:
			out = append(out, act{at: at, kind: actBroker})
		case f[1] == "arm" && len(f) == 3:
			fs, err := s.ParseFaults([]string{f[2]})
			if err != nil || len(fs) != 1 {
				return nil, fmt.Errorf("bad act %q: %v", part, err)
			}
			out = append(out, act{at: at, kind: actArm, fault: fs[0]})
		default:
			return nil, fmt.Errorf("bad act %q", part)
		}
	}
	return out, nil
}

// follow makes the run the presenter's: the same acts, steps steps, and to
// the end when finish is set. When the run so far is a start of the
// presenter's (the same acts, no step beyond), it only steps on; otherwise
// it replays from the start, as ← does.
func (s *session) follow(steps int, acts []act, finish bool) (frame, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return frame{}, errClosed
	}
	if s.run == nil || encodeActs(s.acts) != encodeActs(acts) || s.steps > steps {
		return s.replay(steps, acts, finish)
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
