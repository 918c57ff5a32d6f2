package lab

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// LeftoverMaxAge is how long a message stays in a stream or bucket the lab
// made. A killed run cannot delete its stream on a shared server; with a max
// age its messages expire, and dualwrite clean finds the stream by its tag.
// Generous, since the stream's duplicate window may not exceed it.
const LeftoverMaxAge = 24 * time.Hour

// The metadata keys of what the lab makes on a server.
const (
	metaTag     = "dualwrite" // its value is the lab's format version
	metaPid     = "dualwrite.pid"
	metaHost    = "dualwrite.host"
	metaCreated = "dualwrite.created"
)

func labMetadata() map[string]string {
	host, _ := os.Hostname()
	return map[string]string{
		metaTag:     "1",
		metaPid:     strconv.Itoa(os.Getpid()),
		metaHost:    host,
		metaCreated: time.Now().UTC().Format(time.RFC3339),
	}
}

// tagged marks a stream the lab makes: metadata to find it by, a max age to
// expire its messages.
func tagged(c jetstream.StreamConfig) jetstream.StreamConfig {
	c.Metadata, c.MaxAge = labMetadata(), LeftoverMaxAge
	return c
}

// taggedBucket is tagged for a key-value bucket.
func taggedBucket(c jetstream.KeyValueConfig) jetstream.KeyValueConfig {
	c.Metadata, c.TTL = labMetadata(), LeftoverMaxAge
	return c
}

// Leftover is a stream or bucket a dualwrite run made on a server.
type Leftover struct {
	Stream   string    // the stream's name; a bucket's is KV_<bucket>
	Pid      int       // the process that made it
	Host     string    // the machine it ran on
	Created  time.Time // when
	Messages uint64
	// Running is true when its process still runs on this machine: the
	// stream is in use, not left over.
	Running bool
}

// Bucket reports whether the stream holds a key-value bucket.
func (l Leftover) Bucket() bool { return strings.HasPrefix(l.Stream, "KV_") }

// FindLeftovers lists the streams and buckets dualwrite runs made on the
// server at url, found by their metadata.
func FindLeftovers(ctx context.Context, url string) ([]Leftover, error) {
	js, close, err := dialJetStream(url)
	if err != nil {
		return nil, err
	}
	defer close()
	host, _ := os.Hostname()
	var out []Leftover
	streams := js.ListStreams(ctx)
	for info := range streams.Info() {
		md := info.Config.Metadata
		if _, ok := md[metaTag]; !ok {
			continue
		}
		l := Leftover{Stream: info.Config.Name, Host: md[metaHost], Messages: info.State.Msgs}
		l.Pid, _ = strconv.Atoi(md[metaPid])
		l.Created, _ = time.Parse(time.RFC3339, md[metaCreated])
		l.Running = l.Host == host && alive(l.Pid)
		out = append(out, l)
	}
	if err := streams.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// RemoveLeftovers deletes the streams named.
func RemoveLeftovers(ctx context.Context, url string, streams []string) error {
	js, close, err := dialJetStream(url)
	if err != nil {
		return err
	}
	defer close()
	for _, s := range streams {
		if err := js.DeleteStream(ctx, s); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			return err
		}
	}
	return nil
}

func dialJetStream(url string) (jetstream.JetStream, func(), error) {
	if err := checkServer(url); err != nil {
		return nil, nil, err
	}
	nc, err := nats.Connect(url, nats.Name("dualwrite clean"), nats.Timeout(3*time.Second))
	if err != nil {
		return nil, nil, inputErrorf("cannot reach NATS at %s: %v", RedactURL(url), err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	return js, nc.Close, nil
}

// alive reports whether a process with this pid exists here.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
