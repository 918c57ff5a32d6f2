package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	charmlog "charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// ConfigError is a problem with what the user asked for (exit status 2).
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

// Server is a running SSH server of the UI.
type Server struct {
	cfg         Config
	srv         *ssh.Server
	ln          net.Listener
	auth        *auth
	room        *room
	root        string // the server's own directory; each session's is in it
	fingerprint string
	log         *logger

	mu      sync.Mutex
	active  int  // sessions with a UI
	closing bool // no session starts any more
	wg      sync.WaitGroup
}

// New checks the config, makes or reads the host key, and listens. Serve
// then serves until its context is done.
func New(cfg Config) (*Server, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, &ConfigError{err.Error()}
	}
	addr, loopback, _ := listenAddr(cfg.Listen)
	// The Bubble Tea middleware logs through charm's default logger: into
	// the server's log, with the rest.
	charmlog.SetOutput(cfg.Log)
	s := &Server{cfg: cfg, room: newRoom(), log: &logger{w: cfg.Log},
		auth: &auth{loopback: loopback, passphrase: cfg.Passphrase}}
	s.room.noPresenter = len(cfg.PresenterKeys) == 0
	var err error
	for _, f := range cfg.PresenterKeys {
		keys, err := readKeys(f)
		if err != nil {
			return nil, &ConfigError{err.Error()}
		}
		s.auth.presenters = append(s.auth.presenters, keys...)
	}
	if cfg.AuthorizedKeys != "" {
		if s.auth.students, err = readKeys(cfg.AuthorizedKeys); err != nil {
			return nil, &ConfigError{err.Error()}
		}
	}
	hostKey := cfg.HostKey
	if hostKey == "" {
		if hostKey, err = defaultHostKey(); err != nil {
			return nil, &ConfigError{err.Error()}
		}
	}
	if err := os.MkdirAll(filepath.Dir(hostKey), 0o700); err != nil {
		return nil, &ConfigError{fmt.Sprintf("cannot keep the host key in %s: %v", filepath.Dir(hostKey), err)}
	}
	opts := []ssh.Option{wish.WithHostKeyPath(hostKey),
		wish.WithMiddleware(bm.MiddlewareWithProgramHandler(s.program), s.session),
		func(srv *ssh.Server) error {
			srv.SessionRequestCallback = s.request
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": ssh.DefaultSessionHandler}
			for _, t := range []string{"direct-tcpip", "direct-streamlocal@openssh.com", "x11"} {
				srv.ChannelHandlers[t] = s.refuseChannel
			}
			srv.RequestHandlers = map[string]ssh.RequestHandler{}
			for _, t := range []string{"tcpip-forward", "cancel-tcpip-forward", "streamlocal-forward@openssh.com"} {
				srv.RequestHandlers[t] = s.refuseForward
			}
			srv.HandshakeTimeout = 30 * time.Second
			return nil
		}}
	opts = append(opts, s.auth.options()...)
	if s.srv, err = wish.NewServer(opts...); err != nil {
		return nil, &ConfigError{fmt.Sprintf("host key %s: %v", hostKey, err)}
	}
	s.fingerprint = gossh.FingerprintSHA256(s.srv.HostSigners[0].PublicKey())
	if s.root, err = os.MkdirTemp(cfg.TempDir, "dualwrite-serve-"); err != nil {
		return nil, fmt.Errorf("make the sessions' directory: %w", err)
	}
	if s.ln, err = net.Listen("tcp", addr); err != nil {
		os.RemoveAll(s.root)
		return nil, &ConfigError{fmt.Sprintf("cannot listen on %s: %v", addr, errors.Unwrap(err))}
	}
	return s, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Fingerprint is the host key's SHA256 fingerprint, as ssh shows it.
func (s *Server) Fingerprint() string { return s.fingerprint }

// Dir is the server's own directory, where each session's is made.
func (s *Server) Dir() string { return s.root }

// Serve serves until ctx is done, then ends every session, waits for each to
// remove what it made, and removes the server's directory.
func (s *Server) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	// Each UI quits first, as with q: the student's terminal is given back
	// and told why, where closing the connection under it left the last
	// frame on screen and "closed by remote host". Then the connections go.
	s.room.quitAll()
	s.waitSessions(stopGrace)
	s.srv.Close()
	s.wg.Wait()
	s.room.matrices.close()
	if rmErr := os.RemoveAll(s.root); rmErr != nil {
		err = errors.Join(err, rmErr)
	}
	if errors.Is(err, ssh.ErrServerClosed) {
		err = nil
	}
	return err
}

// request lets a session have its terminal UI and nothing else: no command,
// no shell without a terminal, no subsystem (sftp).
func (s *Server) request(sess ssh.Session, kind string) bool {
	_, _, pty := sess.Pty()
	switch {
	case kind == "shell" && pty:
		return true
	case kind == "shell":
		s.refuse(sess, "a shell without a terminal", "dualwrite serves only its terminal UI: connect with ssh -t")
	case kind == "exec":
		s.refuse(sess, fmt.Sprintf("exec %q", sess.RawCommand()), "dualwrite runs no commands: connect with ssh -t and no command")
	default:
		s.refuse(sess, fmt.Sprintf("%s %q", kind, sess.Subsystem()), "dualwrite serves only its terminal UI: no sftp, no subsystems")
	}
	return false
}

func (s *Server) refuse(sess ssh.Session, what, why string) {
	s.log.printf("refused %s from %s (user %s)", what, sess.RemoteAddr(), sess.User())
	fmt.Fprint(sess.Stderr(), why+"\r\n")
}

func (s *Server) refuseChannel(_ *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, _ ssh.Context) {
	s.log.printf("refused %s channel from %s (user %s)", ch.ChannelType(), conn.RemoteAddr(), conn.User())
	ch.Reject(gossh.Prohibited, "dualwrite forwards nothing")
}

func (s *Server) refuseForward(ctx ssh.Context, _ *ssh.Server, req *gossh.Request) (bool, []byte) {
	s.log.printf("refused %s from %s (user %s)", req.Type, ctx.RemoteAddr(), ctx.User())
	return false, nil
}

// logger writes one line at a time from many sessions.
type logger struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *logger) printf(format string, a ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
}

// stopGrace bounds how long a stopping server waits for its sessions' UIs
// to quit before it closes their connections anyway.
const stopGrace = 10 * time.Second

// waitSessions waits until every session has ended, or d has passed.
func (s *Server) waitSessions(d time.Duration) {
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

func (s *Server) stopping() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}
