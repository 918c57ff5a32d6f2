package lab

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"nats://127.0.0.1:4222":                           "nats://127.0.0.1:4222",
		"nats://alice:s3cret@127.0.0.1:4222":              "nats://REDACTED@127.0.0.1:4222",
		"nats://s3cret@127.0.0.1:4222":                    "nats://REDACTED@127.0.0.1:4222",
		"alice:s3cret@127.0.0.1:4222":                     "REDACTED@127.0.0.1:4222",
		"nats://a:b@h1:4222, tls://c:d@h2:4222,nats://h3": "nats://REDACTED@h1:4222,tls://REDACTED@h2:4222,nats://h3",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestListenAddr(t *testing.T) {
	for _, c := range []struct {
		in, addr string
		loopback bool
	}{
		{":4222", "127.0.0.1:4222", true},
		{":0", "127.0.0.1:0", true},
		{"127.0.0.1:0", "127.0.0.1:0", true},
		{"[::1]:0", "[::1]:0", true},
		{"localhost:0", "localhost:0", true},
		{"0.0.0.0:4222", "0.0.0.0:4222", false},
		{"192.0.2.1:4222", "192.0.2.1:4222", false},
	} {
		addr, loopback, err := listenAddr(c.in)
		if err != nil || addr != c.addr || loopback != c.loopback {
			t.Errorf("listenAddr(%q) = %q, %v, %v; want %q, %v", c.in, addr, loopback, err, c.addr, c.loopback)
		}
	}
}

// :0 picks a free port, reported with its real number, and the system
// account answers a server ping: what nats server info asks.
func TestBrokerFreePortAndSystemAccount(t *testing.T) {
	b, err := newBroker(filepath.Join(t.TempDir(), "nats"), ":0", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Stop()
	url := b.ClientURL()
	if !strings.HasPrefix(url, "nats://127.0.0.1:") || strings.HasSuffix(url, ":0") || strings.HasSuffix(url, ":4222") {
		t.Fatalf("client URL %q: want loopback and the port picked", url)
	}
	sys, err := nats.Connect(url, nats.UserInfo(sysUser, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	msg, err := sys.Request("$SYS.REQ.SERVER.PING", nil, 2*time.Second)
	if err != nil || !strings.Contains(string(msg.Data), `"name":"dualwrite"`) {
		t.Fatalf("server ping: %v %s", err, msg.Data)
	}
	// A client without credentials is the app user, with JetStream.
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if _, err := nc.Request("$JS.API.INFO", nil, 2*time.Second); err != nil {
		t.Fatalf("JetStream for an anonymous loopback client: %v", err)
	}
}

// Off loopback, a client needs the token: the lab's own clients give it.
func TestBrokerTokenOffLoopback(t *testing.T) {
	// Bound to loopback all the same: the test only plays the other case.
	b := &Broker{dir: filepath.Join(t.TempDir(), "nats"), listen: "127.0.0.1:0", token: "t0ken"}
	if err := b.Start(); err != nil {
		t.Fatal(err)
	}
	defer b.Stop()
	url := b.ClientURL()
	if nc, err := nats.Connect(url); err == nil {
		nc.Close()
		t.Fatal("a client without the token was let in")
	}
	if nc, err := nats.Connect(url, nats.UserInfo(appUser, "wrong")); err == nil {
		nc.Close()
		t.Fatal("a client with a wrong token was let in")
	}
	nc, err := b.connect("lab")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if _, err := nc.Request("$JS.API.INFO", nil, 2*time.Second); err != nil {
		t.Fatalf("the lab's client with the token: %v", err)
	}
}

func TestBrokerGeneratesTokenOffLoopback(t *testing.T) {
	if _, loopback, _ := listenAddr("0.0.0.0:0"); loopback {
		t.Fatal("0.0.0.0 taken for loopback")
	}
	a, b := newToken(), newToken()
	if len(a) < 32 || a == b {
		t.Fatalf("tokens %q %q: want long and different", a, b)
	}
}
