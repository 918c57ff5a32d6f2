package lab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// brokerLogFile is where a shared broker writes what its server warns of, in
// its own directory beside the store, so a failed run of a campaign can be
// read against what the server saw. Removed with the broker.
const brokerLogFile = "nats-server.log"

// serverLog is a nats-server Logger that keeps warnings and errors: written
// to a file, the last one kept for an error message. Notices go to the file
// only; debug and trace lines (every client's connect and close) are
// dropped.
type serverLog struct {
	mu    sync.Mutex
	f     *os.File // nil when the file could not be made: the last line is still kept
	last  string
	at    time.Time
	count int
}

// plaintextWarning begins the warning every start of the server gives, since
// the lab writes its generated passwords into the server's config (serve.go).
// It says nothing about a failed run.
const plaintextWarning = "Plaintext passwords detected"

func newServerLog(dir string) *serverLog {
	f, _ := os.OpenFile(filepath.Join(dir, brokerLogFile), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	return &serverLog{f: f}
}

// record writes a line of the server's to the file; a warning is also kept
// as the last one.
func (l *serverLog) record(level string, warning bool, format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	if strings.HasPrefix(msg, plaintextWarning) {
		return
	}
	line := level + " " + msg
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if warning {
		l.last, l.at = line, now
		l.count++
	}
	if l.f != nil {
		fmt.Fprintf(l.f, "%s %s\n", now.UTC().Format("15:04:05.000000"), line)
	}
}

// Noticef keeps notices in the file only, except a slow consumer's: the
// server then drops messages to a client, an API reply among them, and the
// client sees only its own timeout.
func (l *serverLog) Noticef(f string, v ...any) {
	l.record("[INF]", strings.HasPrefix(f, "Slow Consumer"), f, v...)
}
func (l *serverLog) Debugf(string, ...any)     {}
func (l *serverLog) Tracef(string, ...any)     {}
func (l *serverLog) Warnf(f string, v ...any)  { l.record("[WRN]", true, f, v...) }
func (l *serverLog) Errorf(f string, v ...any) { l.record("[ERR]", true, f, v...) }
func (l *serverLog) Fatalf(f string, v ...any) { l.record("[FTL]", true, f, v...) }

// close ends the file; a warning after it (a late one of the shutdown) is
// still kept in memory.
func (l *serverLog) close() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		l.f.Close()
		l.f = nil
	}
}

// lastWarning is the server's latest warning or error and how many it gave,
// or "" when it gave none.
func (l *serverLog) lastWarning() (string, int) {
	if l == nil {
		return "", 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.count == 0 {
		return "", 0
	}
	return fmt.Sprintf("%s (at %s)", l.last, l.at.UTC().Format("15:04:05.000")), l.count
}

var _ server.Logger = (*serverLog)(nil)

// attachLog gives a shared server its log, made once, kept across restarts.
func (b *Broker) attachLog(srv *server.Server) {
	if !b.shared {
		return
	}
	if b.log == nil {
		b.log = newServerLog(b.dir)
	}
	srv.SetLoggerV2(b.log, false, false, false)
}

// LastWarning is what a shared broker's server last warned of, with how many
// warnings and errors it gave, or "" when it gave none. A run that fails on
// a shared broker names it, since the server's own reason (a full queue, a
// store it could not make) never reaches the client.
func (b *Broker) LastWarning() string {
	if b == nil {
		return ""
	}
	last, n := b.log.lastWarning()
	if n == 0 {
		return ""
	}
	if n == 1 {
		return "the shared broker's server gave a warning: " + last
	}
	return fmt.Sprintf("the shared broker's server gave %d warnings, the last: %s", n, last)
}

// LogFile is the file where a shared broker's server writes its warnings, or
// "" for a run's own broker. It goes with the broker's Close.
func (b *Broker) LogFile() string {
	if !b.Shared() {
		return ""
	}
	return filepath.Join(b.dir, brokerLogFile)
}

// Explain adds to err, the failure of a run on a shared broker, what the
// broker's server last warned of, and for a timeout how many JetStream API
// requests the server still held when the run gave up: many say the request
// waited in the server's queue; none, with no warning, say the server had
// answered it late or never had it.
func (b *Broker) Explain(err error) error {
	if err == nil || !b.Shared() {
		return err
	}
	var notes []string
	if errors.Is(err, context.DeadlineExceeded) {
		if srv, rerr := b.running(); rerr == nil {
			if jsz, jerr := srv.Jsz(nil); jerr == nil {
				notes = append(notes, fmt.Sprintf("the shared broker held %d JetStream API requests (%d served, %d failed)", jsz.API.Inflight, jsz.API.Total, jsz.API.Errors))
			}
		}
	}
	if w := b.LastWarning(); w != "" {
		notes = append(notes, w)
	} else {
		notes = append(notes, "the shared broker's server gave no warning")
	}
	return fmt.Errorf("%w (%s)", err, strings.Join(notes, "; "))
}
