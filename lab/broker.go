package lab

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// Broker is the embedded NATS server with JetStream on a file store. It can be
// stopped and started again during a run; its store survives, and clients
// reconnect through the in-process connection provider it hands out.
type Broker struct {
	dir    string
	listen string // "" opens no port
	url    string // an existing server to use instead; then there is no embedded one
	// loopback is true when listen is a loopback address; otherwise clients
	// need token, generated unless the user gave one.
	loopback  bool
	token     string
	generated bool

	mu      sync.Mutex
	srv     *server.Server
	started time.Time
}

// minUptime is how long a server runs before it may be shut down.
// nats-server v2.15 starts its JetStream API workers as goroutines that read
// the JetStream state when they first run; one that first runs after a
// shutdown began dereferences nil and takes the whole process down. A server
// stopped within microseconds of its start (a run closed at once, a step back
// in the UI) can hit that, so Stop gives the workers this long to start.
const minUptime = 50 * time.Millisecond

// ErrBrokerDown is what a client sees while the broker is stopped.
var ErrBrokerDown = errors.New("broker is down")

func newBroker(dir, listen, url, token string) (*Broker, error) {
	b := &Broker{dir: dir, url: url}
	if url != "" {
		if listen != "" {
			return nil, inputErrorf("--listen serves the embedded broker, and with --nats-url there is none; drop one of the two")
		}
		return b, checkServer(url)
	}
	if listen != "" {
		var err error
		if b.listen, b.loopback, err = listenAddr(listen); err != nil {
			return nil, err
		}
		// A token given is always asked for; off loopback one is needed.
		b.token = token
		if !b.loopback && token == "" {
			b.token, b.generated = newToken(), true
		}
		// Checked here because the server only reports a busy port by never
		// becoming ready.
		l, err := net.Listen("tcp", b.listen)
		if err != nil {
			return nil, inputErrorf("cannot listen on %s: %v", b.listen, errors.Unwrap(err))
		}
		l.Close()
	}
	return b, b.Start()
}

// Start starts a new server on the same store. It is a no-op when running.
func (b *Broker) Start() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.srv != nil || b.url != "" {
		return nil
	}
	opts, err := b.options()
	if err != nil {
		return err
	}
	if b.listen != "" {
		host, port, err := splitHostPort(b.listen)
		if err != nil {
			return err
		}
		opts.Host, opts.Port = host, port
		if port == 0 {
			opts.Port = server.RANDOM_PORT
		}
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return fmt.Errorf("start nats: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(5 * time.Second) {
		srv.Shutdown()
		if b.listen != "" {
			return fmt.Errorf("nats cannot listen on %s: is the port in use?", b.listen)
		}
		return errors.New("start nats: not ready after 5s")
	}
	if a, ok := srv.Addr().(*net.TCPAddr); ok && b.listen != "" {
		// A port the system picked is kept: the broker comes back after an
		// outage where the nats CLI was told to look.
		b.listen = net.JoinHostPort(opts.Host, strconv.Itoa(a.Port))
	}
	b.srv, b.started = srv, time.Now()
	return nil
}

// Stop shuts the server down, closing every client connection.
func (b *Broker) Stop() {
	b.mu.Lock()
	srv, started := b.srv, b.started
	b.srv = nil
	b.mu.Unlock()
	if srv != nil {
		time.Sleep(minUptime - time.Since(started))
		srv.Shutdown()
		srv.WaitForShutdown()
	}
}

// Up reports whether the server is running.
func (b *Broker) Up() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.srv != nil || b.url != ""
}

// InProcessConn connects to whichever server is current, so clients created
// once survive a restart of the broker.
func (b *Broker) InProcessConn() (net.Conn, error) {
	b.mu.Lock()
	srv := b.srv
	b.mu.Unlock()
	if srv == nil {
		return nil, ErrBrokerDown
	}
	return srv.InProcessConn()
}

// connect opens a client connection named name. Outgoing messages are never
// buffered while disconnected (ReconnectBufSize -1): a publish during an
// outage fails at once instead of arriving, maybe, after the caller gave up.
//
// A client that starts while the broker is down (a service restarted during an
// outage) starts anyway and connects once it is back, as a real one would.
func (b *Broker) connect(name string) (*nats.Conn, error) {
	opts := []nats.Option{
		nats.Name(name),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(5 * time.Millisecond),
		nats.ReconnectJitter(0, 0),
		nats.ReconnectBufSize(-1),
		nats.NoCallbacksAfterClientClose(),
		// Async errors during an outage are expected; the trace tells them.
		nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) {}),
	}
	if b.url == "" {
		opts = append(opts, nats.InProcessServer(b))
	}
	if b.token != "" {
		opts = append(opts, nats.UserInfo(appUser, b.token))
	}
	nc, err := nats.Connect(b.url, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect %s to nats at %s: %w", name, RedactURL(b.url), err)
	}
	return nc, nil
}

// ClientURL is where an outside client (the nats CLI) reaches the broker, or "".
func (b *Broker) ClientURL() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.url != "" {
		return b.url
	}
	if b.listen == "" || b.srv == nil {
		return ""
	}
	return b.srv.ClientURL()
}

func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, inputErrorf("bad --listen %q: want HOST:PORT, e.g. 127.0.0.1:4222", addr)
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, inputErrorf("bad --listen %q: the port must be a number from 0 to 65535", addr)
	}
	return host, port, nil
}
