package lab

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The embedded server's users. The lab's clients and the nats CLI use the
// app account, which has JetStream; the system account answers $SYS requests
// (nats server info, ping). On loopback neither needs a password: a client
// without credentials is the app user, and sys has an empty password. On any
// other address both need the token.
const (
	appUser    = "dualwrite"
	sysUser    = "sys"
	appAccount = "DUALWRITE"
	sysAccount = "SYS"
)

// options are the embedded server's options, built afresh for each start:
// a server takes ownership of its accounts.
func (b *Broker) options() (*server.Options, error) {
	opts := &server.Options{}
	// The accounts are written as a config: only a config can switch
	// JetStream on for one account and not the system account.
	conf := fmt.Sprintf(`accounts {
  %s { jetstream: enabled, users: [{user: %q, password: %q}] }
  %s { users: [{user: %q, password: %q}] }
}
system_account: %s
`, appAccount, appUser, b.token, sysAccount, sysUser, b.token, sysAccount)
	if b.token == "" {
		conf += fmt.Sprintf("no_auth_user: %q\n", appUser)
	}
	if err := opts.ProcessConfigString(conf); err != nil {
		return nil, fmt.Errorf("configure nats: %w", err)
	}
	opts.ServerName = "dualwrite"
	opts.JetStream = true
	opts.StoreDir = b.dir
	opts.NoLog, opts.NoSigs = true, true
	// The server keeps the last closed connections for its monitoring, 10,000
	// by default; a campaign's shared broker sees thousands of runs connect
	// and leave, and nobody reads that list.
	opts.MaxClosedClients = 1
	opts.DontListen = b.listen == ""
	return opts, nil
}

// listenAddr is where --listen binds: a bare :PORT is loopback, never every
// interface. It reports whether the host is a loopback address.
func listenAddr(addr string) (string, bool, error) {
	host, port, err := splitHostPort(addr)
	if err != nil {
		return "", false, err
	}
	if host == "" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	loopback := host == "localhost" || (ip != nil && ip.IsLoopback())
	return net.JoinHostPort(host, fmt.Sprint(port)), loopback, nil
}

func newToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Serving says where and how an outside client reaches the embedded broker.
type Serving struct {
	URL      string // without credentials
	Loopback bool   // false: reachable from other machines
	User     string // the user a client connects as with the token; "" when none is needed
	// Token is set only when the lab generated it: one the user gave is
	// theirs already and is never shown.
	Token string
}

// Serving reports how the broker is served, or false when no port is open.
func (r *Run) Serving() (Serving, bool) {
	b := r.broker
	url := b.ClientURL()
	if url == "" || b.url != "" {
		return Serving{}, false
	}
	s := Serving{URL: url, Loopback: b.loopback}
	if b.token != "" {
		s.User = appUser
		if b.generated {
			s.Token = b.token
		}
	}
	return s, true
}

var userinfo = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*://)?[^@/]*@`)

// RedactURL hides the credentials of each URL in a NATS URL list (user and
// password, or a token, before an @), so they are never shown.
func RedactURL(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		parts[i] = userinfo.ReplaceAllString(strings.TrimSpace(p), "${1}REDACTED@")
	}
	return strings.Join(parts, ",")
}

// checkServer makes sure the server at url answers and has JetStream, so a
// user who points at the wrong one is told so in one line.
func checkServer(url string) error {
	nc, err := nats.Connect(url, nats.Name("dualwrite"), nats.Timeout(3*time.Second))
	if err != nil {
		return inputErrorf("cannot reach NATS at %s: %v", RedactURL(url), err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err = js.AccountInfo(ctx)
	switch {
	case errors.Is(err, jetstream.ErrJetStreamNotEnabled), errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount), errors.Is(err, nats.ErrNoResponders):
		return inputErrorf("NATS at %s has no JetStream for this account: start the server with -js, or give another --nats-url", RedactURL(url))
	case err != nil:
		return fmt.Errorf("ask NATS at %s about JetStream: %w", RedactURL(url), err)
	}
	return nil
}
