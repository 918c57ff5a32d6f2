package lab

import (
	"errors"
	"fmt"
	"math"
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
	shared    bool // a campaign's (NewSharedBroker): runs use it and never stop it

	mu       sync.Mutex
	srv      *server.Server
	mappings [][2]string // the account's subject mappings, kept across restarts (fleet.go)

	log *serverLog // a shared server's warnings and errors (broker_log.go)
}

// The shutdown crash this file guards against, read in nats-server v2.15.2:
//
//   - server/jetstream_api.go, setJetStreamExportSubs (line 1111): JetStream
//     starts its API workers with `go`, min(GOMAXPROCS, 16) of them.
//   - server/jetstream_api.go, processJSAPIRoutedRequests (line 1056): a
//     worker reads `js := s.getJetStream()` once, when it first runs, and later
//     does `atomic.AddInt64(&js.apiInflight, -1)` (line 1069) after each request
//     it pops from the API queue.
//   - server/jetstream.go, shutdownJetStream (line 1114): Shutdown stores nil
//     in s.js before it closes the clients and s.quitCh (server/server.go,
//     Shutdown, lines 2654 and 2744), and apiDispatch keeps queueing requests
//     from clients that are still connected.
//
// So a worker that first runs after shutdownJetStream holds a nil js, and if a
// request is queued by then it dereferences nil and the process dies. It needs
// both: a server stopped before its workers were scheduled, and an API request
// queued at or after the start of the shutdown. Stop takes the second away:
// it closes every client first (none can reconnect, Stop has already
// withdrawn the server from InProcessConn) and waits until JetStream has no
// API request in flight, so a late worker finds its queues empty and leaves on
// quitCh. That replaces the 50 ms minimum uptime this file used to sleep.
// The 2 s bound only keeps a wedged server from hanging a stop. With --listen
// an outside client (the nats CLI) could still reconnect over TCP in the
// moment between the disconnect and the shutdown; the lab's own clients
// cannot. Reproducing the crash itself takes a worker the Go scheduler has
// not run yet, which no test can force; TestShutdownCrashRepro keeps the
// conditions coming as fast as it can.
const apiQuiesceBound = 2 * time.Second

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
	b.attachLog(srv)
	go srv.Start()
	if !srv.ReadyForConnections(5 * time.Second) {
		srv.Shutdown()
		if b.listen != "" {
			return fmt.Errorf("nats cannot listen on %s: is the port in use?", b.listen)
		}
		return errors.New("start nats: not ready after 5s")
	}
	// A JetStream API request from a client crosses from its account to the
	// system account's $JS.API.> export, which tracks the reply with a timer
	// of the export's response threshold (2 minutes by default) that Shutdown
	// never stops (nats-server v2.15.2, accounts.go, setResponseThresholdTimer):
	// the timer keeps the whole shut-down server in memory until it fires, so
	// a campaign's memory grew with its runs. The lab's own API calls give up
	// within apiReplyBound, so a reply later than that reaches nobody anyway.
	// A campaign's shared server is never stopped by a run, and serves many
	// runs at once: its replies may take longer, up to the lab's safety net.
	bound := apiReplyBound
	if b.shared {
		bound = setupBound
	}
	if err := srv.SystemAccount().SetServiceExportResponseThreshold("$JS.API.>", bound); err != nil {
		srv.Shutdown()
		return fmt.Errorf("start nats: %w", err)
	}
	if a, ok := srv.Addr().(*net.TCPAddr); ok && b.listen != "" {
		// A port the system picked is kept: the broker comes back after an
		// outage where the nats CLI was told to look.
		b.listen = net.JoinHostPort(opts.Host, strconv.Itoa(a.Port))
	}
	if err := applyMappings(srv, b.mappings); err != nil {
		srv.Shutdown()
		return fmt.Errorf("start nats: %w", err)
	}
	b.srv = srv
	return nil
}

// apiReplyBound is the longest a run's own server keeps a JetStream API
// request waiting for its reply. A variable only so a test can shorten it.
var apiReplyBound = 10 * time.Second

// setupBound is the real-time safety net of a run's setup (run.go): a server
// that takes longer to make a run's streams and consumers is not answering.
// On a busy machine a shared server, serving several runs at once under the
// race detector, has been seen to take more than 10s.
const setupBound = ackSafety

// Stop shuts the server down, closing every client connection.
func (b *Broker) Stop() {
	b.mu.Lock()
	srv := b.srv
	b.srv = nil
	b.mu.Unlock()
	if srv != nil {
		quiesceAPI(srv)
		srv.Shutdown()
		srv.WaitForShutdown()
	}
}

// quiesceAPI closes every client of srv and waits, bounded, until JetStream
// has no API request queued or running (see apiQuiesceBound for why).
func quiesceAPI(srv *server.Server) {
	if cz, err := srv.Connz(&server.ConnzOptions{Limit: math.MaxInt32}); err == nil {
		for _, c := range cz.Conns {
			_ = srv.DisconnectClientByID(c.Cid) // gone already is fine
		}
	}
	deadline := time.Now().Add(apiQuiesceBound)
	for time.Now().Before(deadline) {
		jsz, err := srv.Jsz(nil)
		if err != nil || jsz.API.Inflight == 0 {
			return
		}
		time.Sleep(time.Millisecond)
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
func (b *Broker) connect(name string, extra ...nats.Option) (*nats.Conn, error) {
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
	nc, err := nats.Connect(b.url, append(opts, extra...)...)
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
