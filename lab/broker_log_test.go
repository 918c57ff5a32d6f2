package lab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nats.go/jetstream"
)

// TestSharedBrokerLogsTheServersReason: a stream the server cannot store
// reaches the client as "error creating store for stream" only; the shared
// broker's log and LastWarning keep the server's own reason.
func TestSharedBrokerLogsTheServersReason(t *testing.T) {
	b, err := NewSharedBroker()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if w := b.LastWarning(); w != "" {
		t.Errorf("a fresh broker warned already: %s", w)
	}
	timeout := fmt.Errorf("create stream X: %w", context.DeadlineExceeded)
	if got := b.Explain(timeout).Error(); !strings.Contains(got, "held 0 JetStream API requests") || !strings.Contains(got, "gave no warning") {
		t.Errorf("a timeout explained: %s", got)
	}
	// A file where the stream's directory goes: a real store failure.
	streams := filepath.Join(b.srv.JetStreamConfig().StoreDir, appAccount, "streams")
	if err := os.WriteFile(filepath.Join(streams, "BLOCKED"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	js := testJetStream(t, b, "log")
	_, err = js.CreateStream(context.Background(), jetstream.StreamConfig{Name: "BLOCKED", Storage: jetstream.FileStorage})
	if err == nil || !strings.Contains(err.Error(), "error creating store for stream") {
		t.Fatalf("create: %v, want the server's error creating store", err)
	}
	const reason = "storage directory is not a directory"
	if w := b.LastWarning(); !strings.Contains(w, reason) || !strings.Contains(w, "BLOCKED") {
		t.Errorf("last warning %q, want the server's reason %q", w, reason)
	}
	if got := b.Explain(err); !errors.Is(got, err) || !strings.Contains(got.Error(), reason) {
		t.Errorf("explained: %v", got)
	}
	log, err := os.ReadFile(b.LogFile())
	if err != nil || !strings.Contains(string(log), reason) || strings.Contains(string(log), plaintextWarning) {
		t.Errorf("the log file (%v):\n%s", err, log)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(b.LogFile()); !os.IsNotExist(err) {
		t.Errorf("the log outlives the broker: %v", err)
	}
}

// A run's own broker keeps no log: it has no campaign to explain.
func TestOwnBrokerHasNoLog(t *testing.T) {
	b, err := newBroker(t.TempDir(), "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Stop()
	if b.LogFile() != "" || b.LastWarning() != "" || b.Explain(os.ErrClosed) != os.ErrClosed {
		t.Errorf("own broker: log %q, warning %q", b.LogFile(), b.LastWarning())
	}
}

// Notices go to the file; only a slow consumer's counts as a warning, since
// the server then drops replies the client waits for.
func TestServerLogCountsOnlyWarnings(t *testing.T) {
	dir := t.TempDir()
	l := newServerLog(dir)
	l.Noticef("Starting nats-server")
	l.Debugf("Client connection closed: %s", "Client Closed")
	if w, n := l.lastWarning(); n != 0 {
		t.Errorf("a start-up notice counted as a warning: %s", w)
	}
	l.Noticef("Slow Consumer Detected: MaxPending of %d Exceeded", 64)
	if w, n := l.lastWarning(); n != 1 || !strings.Contains(w, "Slow Consumer") {
		t.Errorf("a slow consumer: %d warnings, last %q", n, w)
	}
	l.close()
	l.Errorf("after the close")
	if w, n := l.lastWarning(); n != 2 || !strings.Contains(w, "after the close") {
		t.Errorf("a warning after the close: %d warnings, last %q", n, w)
	}
	b, err := os.ReadFile(filepath.Join(dir, brokerLogFile))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	if !strings.Contains(got, "[INF] Starting nats-server") || !strings.Contains(got, "[INF] Slow Consumer") ||
		strings.Contains(got, "connection closed") || strings.Contains(got, "after the close") {
		t.Errorf("the log file:\n%s", got)
	}
}
