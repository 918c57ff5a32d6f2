package serve

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	bm "charm.land/wish/v2/bubbletea"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/tui"
)

type stateKey struct{}

// state is one session's: its directory, its place in the room, its UI.
type state struct {
	dir    string
	member *member
	model  *tui.Model
	input  *idleReader
}

// session wraps the Bubble Tea middleware: it refuses a session over the
// limit, gives the session its directory and its place in the room, ends
// it after Idle without a key, and removes everything it made however it
// ends.
func (s *Server) session(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if !s.admit() {
			s.log.printf("refused a session from %s: %d sessions already", sess.RemoteAddr(), s.cfg.MaxSessions)
			fmt.Fprintf(sess.Stderr(), "dualwrite: the room is full (%d sessions); please try again in a moment\r\n", s.cfg.MaxSessions)
			sess.Exit(1)
			return
		}
		defer s.release()
		dir, err := os.MkdirTemp(s.root, "session-")
		if err != nil {
			s.log.printf("session from %s: %v", sess.RemoteAddr(), err)
			fmt.Fprintf(sess.Stderr(), "dualwrite: cannot make the session's directory\r\n")
			sess.Exit(1)
			return
		}
		defer os.RemoveAll(dir)
		presenter := s.auth.presents(sess)
		st := &state{dir: dir, member: s.room.join(presenter), input: newIdleReader(sess)}
		st.member.cued = st.input.touch
		defer s.room.leave(st.member)
		role := "student"
		if presenter {
			role = "presenter"
		}
		s.log.printf("session from %s (user %s, %s)", sess.RemoteAddr(), sess.User(), role)
		sess.Context().SetValue(stateKey{}, st)

		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		idled := make(chan struct{})
		go st.input.watch(ctx, s.cfg.Idle, func() {
			close(idled)
			if p := s.room.program(st.member); p != nil {
				p.Quit()
			}
		})

		next(sess)

		if st.model != nil {
			if err := st.model.Close(); err != nil {
				s.log.printf("session from %s: close its runs: %v", sess.RemoteAddr(), err)
			}
		}
		select {
		case <-idled:
			s.log.printf("session from %s ended after %s without a key", sess.RemoteAddr(), s.cfg.Idle)
			fmt.Fprintf(sess.Stderr(), "dualwrite: closed after %s without a key; connect again any time\r\n", s.cfg.Idle)
		default:
			s.log.printf("session from %s ended", sess.RemoteAddr())
			if s.stopping() {
				fmt.Fprintf(sess.Stderr(), "dualwrite: the server has stopped, and this session with it\r\n")
				// The exit status now, while the server waits for this
				// session: after the handler it raced the closing
				// connection ("closed by remote host").
				sess.Exit(0)
			}
		}
	}
}

func (s *Server) admit() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing || s.active >= s.cfg.MaxSessions {
		return false
	}
	s.active++
	s.wg.Add(1)
	return true
}

func (s *Server) release() {
	s.mu.Lock()
	s.active--
	s.mu.Unlock()
	s.wg.Done()
}

// program makes the session's UI: its own model, on its own lab, sized and
// coloured for the client's terminal; its comparison matrix is the room's.
func (s *Server) program(sess ssh.Session) *tea.Program {
	st, _ := sess.Context().Value(stateKey{}).(*state)
	if st == nil {
		return nil
	}
	base := s.cfg.Base
	base.Dir, base.TempDir = "", st.dir
	opts := tui.Options{Base: base, Start: lab.Start, Theme: s.cfg.Theme, Room: st.member, Matrix: s.room.matrices}
	for _, e := range sess.Environ() {
		if v, ok := strings.CutPrefix(e, "COLORFGBG="); ok {
			opts.ColorFGBG = v
		}
	}
	st.model = tui.New(sess.Context(), opts)
	// No tea.WithContext: when the session ends (or the server stops) the
	// middleware quits the program, which is a normal end; a cancelled
	// context would kill it instead and log "app exit with error".
	// No signal handler either: a program's own would take the server's
	// Ctrl-C (SIGINT) and end as "interrupted", the same error, in every
	// session at once. The server takes the signal and ends each session.
	popts := append(bm.MakeOptions(sess), tea.WithInput(st.input), tea.WithoutSignalHandler())
	p := tea.NewProgram(st.model, popts...)
	s.room.attach(st.member, p)
	return p
}

// idleReader is the session's input, noting when the last key came.
type idleReader struct {
	r    io.Reader
	last atomic.Int64 // unix nanoseconds
}

func newIdleReader(r io.Reader) *idleReader {
	i := &idleReader{r: r}
	i.last.Store(time.Now().UnixNano())
	return i
}

func (i *idleReader) Read(p []byte) (int, error) {
	n, err := i.r.Read(p)
	if n > 0 {
		i.touch()
	}
	return n, err
}

// touch notes activity now: a key, or the presenter moving a follower on.
func (i *idleReader) touch() { i.last.Store(time.Now().UnixNano()) }

// watch calls end once no key came for idle, unless ctx is done first.
func (i *idleReader) watch(ctx context.Context, idle time.Duration, end func()) {
	for {
		wait := time.Until(time.Unix(0, i.last.Load()).Add(idle))
		if wait <= 0 {
			end()
			return
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}
