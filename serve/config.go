// Package serve serves the terminal UI over SSH to a whole class: each
// session gets its own UI and its own lab (its own directory, its own
// embedded broker), students follow the presenter, and the room's
// predictions are tallied live on the presenter's screen. The comparison
// matrix is run once for the whole room, and every session shows its cells.
package serve

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/dualwrite/dualwrite/scenarios"
)

// Config is what a server is made of.
type Config struct {
	// Listen is the SSH address; a bare :PORT is 127.0.0.1. Default
	// 127.0.0.1:2222.
	Listen string
	// HostKey is the host key's file, made on the first start and kept, so
	// students are not warned on every connect. Default dualwrite_host_ed25519
	// in the user's config directory.
	HostKey string
	// MaxSessions bounds the sessions open at once; default 40.
	MaxSessions int
	// Idle ends a session that sent no key for this long, and that the
	// presenter did not move on either (a follower watching is not idle);
	// default 30m.
	Idle time.Duration
	// PresenterKeys are authorized_keys files: a session that
	// authenticates with one of their keys presents. None: nobody does.
	PresenterKeys []string
	// Passphrase is the workshop's passphrase (password or
	// keyboard-interactive); AuthorizedKeys an authorized_keys file of the
	// students. An address other than loopback needs one of the two.
	Passphrase     string
	AuthorizedKeys string
	// TempDir is where the sessions' directories are made; "" is the
	// system's temporary directory. The server makes its own directory in
	// it and removes it when it stops.
	TempDir string
	// Base is the config of every run a session opens (seed, orders); the
	// UI sets the strategy and faults.
	Base scenarios.Spec
	// Theme is the UI's theme: dark, light or auto.
	Theme string
	// Log receives one line per connection, refusal and session end; nil
	// discards them.
	Log io.Writer
}

const (
	defaultListen      = "127.0.0.1:2222"
	defaultMaxSessions = 40
	defaultIdle        = 30 * time.Minute
	maxSessionsLimit   = 1000
)

func (c *Config) setDefaults() {
	if c.Listen == "" {
		c.Listen = defaultListen
	}
	if c.MaxSessions == 0 {
		c.MaxSessions = defaultMaxSessions
	}
	if c.Idle == 0 {
		c.Idle = defaultIdle
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
}

// Validate checks the config after defaults are set; its errors are the
// user's to fix (exit 2).
func (c *Config) Validate() error {
	if c.MaxSessions < 1 || c.MaxSessions > maxSessionsLimit {
		return fmt.Errorf("bad --max-sessions %d: between 1 and %d", c.MaxSessions, maxSessionsLimit)
	}
	if c.Idle < time.Second || c.Idle > 24*time.Hour {
		return fmt.Errorf("bad --idle %s: between 1s and 24h", c.Idle)
	}
	if c.Passphrase != "" && c.AuthorizedKeys != "" {
		return errors.New("give --passphrase or --authorized-keys, not both")
	}
	for _, f := range c.PresenterKeys {
		if _, err := readKeys(f); err != nil {
			return fmt.Errorf("--presenter-key: %w", err)
		}
	}
	if c.AuthorizedKeys != "" {
		if _, err := readKeys(c.AuthorizedKeys); err != nil {
			return fmt.Errorf("--authorized-keys: %w", err)
		}
	}
	_, loopback, err := listenAddr(c.Listen)
	if err != nil {
		return err
	}
	if !loopback && c.Passphrase == "" && c.AuthorizedKeys == "" {
		return fmt.Errorf("--listen %s is reachable from other machines: give a workshop --passphrase or --authorized-keys FILE", c.Listen)
	}
	return nil
}

// listenAddr is where the server binds: a bare :PORT is loopback, never
// every interface. It reports whether the host is a loopback address.
func listenAddr(addr string) (string, bool, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false, fmt.Errorf("bad --listen %q: want HOST:PORT or :PORT, e.g. :2222", addr)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	loopback := host == "localhost" || (ip != nil && ip.IsLoopback())
	return net.JoinHostPort(host, port), loopback, nil
}

// defaultHostKey is where the host key is kept when --host-key is not given.
func defaultHostKey() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no place to keep the host key (%v): give --host-key FILE", err)
	}
	return dir + "/dualwrite/ssh_host_ed25519", nil
}
