package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/serve"
)

// generatePassphrase asks serve to make the workshop's passphrase.
const generatePassphrase = "generate"

// serve serves the UI over SSH to a whole class, until interrupted.
func (m *Main) serve(ctx context.Context, args []string) error {
	var cfg serve.Config
	// Not newFlagSet: serve's --listen is the SSH address, and its runs take
	// no --db or --nats-url.
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.Listen, "listen", "127.0.0.1:2222", "SSH `ADDR`; a bare :PORT is 127.0.0.1, another host needs --passphrase or --authorized-keys")
	fs.StringVar(&cfg.HostKey, "host-key", "", "the host key `FILE`, made on the first start and kept (default: in the user's config directory)")
	fs.IntVar(&cfg.MaxSessions, "max-sessions", 40, "sessions at once, `N`; one more is refused politely")
	fs.DurationVar(&cfg.Idle, "idle", 30*time.Minute, "end a session after `D` without a key")
	var presenter multi
	fs.Var(&presenter, "presenter-key", "public key or authorized_keys `FILE`: a session with one of its keys presents (default: your own ~/.ssh/id_*.pub)")
	fs.StringVar(&cfg.Passphrase, "passphrase", "", "the workshop's passphrase `P` (password or keyboard-interactive); generate makes one and prints it")
	fs.StringVar(&cfg.AuthorizedKeys, "authorized-keys", "", "authorized_keys `FILE` of the students: only those keys get in")
	fs.StringVar(&cfg.Theme, "theme", "auto", "`dark`, light or auto (each client's COLORFGBG, else dark)")
	seed := fs.Int64("seed", 1, "seed `S` of every run")
	orders := fs.Int("orders", 3, "orders each run places, `N`")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no strategy, got %q: each session picks its own", pos[0])
	}
	if err := oneOf("theme", cfg.Theme, "dark", "light", "auto"); err != nil {
		return err
	}
	if *orders < 1 {
		return usagef("bad --orders %d: need at least 1", *orders)
	}
	// 0 would mean the default below serve's; said here, never taken silently.
	if cfg.MaxSessions < 1 {
		return usagef("bad --max-sessions %d: need at least 1", cfg.MaxSessions)
	}
	if cfg.Idle < time.Second {
		return usagef("bad --idle %s: at least 1s, e.g. 30m", cfg.Idle)
	}
	if cfg.Passphrase == generatePassphrase {
		cfg.Passphrase = newPassphrase()
	} else if cfg.Passphrase != "" && len(cfg.Passphrase) < 8 {
		return usagef("--passphrase is too short: at least 8 characters, or --passphrase generate")
	}
	cfg.PresenterKeys = presenter
	if len(cfg.PresenterKeys) == 0 {
		cfg.PresenterKeys = ownKeys()
	}
	cfg.Base = scenarios.Spec{Seed: *seed, Orders: *orders}
	cfg.Log = m.Stderr
	srv, err := serve.New(cfg)
	var ce *serve.ConfigError
	if errors.As(err, &ce) {
		return usageError{ce.Msg}
	}
	if err != nil {
		return err
	}
	port := srv.Addr().(*net.TCPAddr).Port
	fmt.Fprintf(m.Stderr, "dualwrite serves the lab over SSH on %s\n", srv.Addr())
	fmt.Fprintf(m.Stderr, "host key fingerprint %s\n", srv.Fingerprint())
	fmt.Fprintf(m.Stderr, "students type: ssh -p %d -t %s\n", port, hostFor(srv.Addr()))
	if cfg.Passphrase != "" {
		fmt.Fprintf(m.Stderr, "workshop passphrase: %s\n", cfg.Passphrase)
	}
	if len(cfg.PresenterKeys) == 0 {
		fmt.Fprintf(m.Stderr, "no --presenter-key and no ~/.ssh/id_*.pub: nobody presents, every session is on its own\n")
	} else {
		fmt.Fprintf(m.Stderr, "the presenter connects with a key in %s\n", strings.Join(cfg.PresenterKeys, ", "))
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGHUP)
	defer stop()
	err = srv.Serve(ctx)
	fmt.Fprintln(m.Stderr, "dualwrite serve stopped; every session's files are removed")
	return err
}

// ownKeys are the public keys of the user who starts the server, as ssh
// offers them by default: the presenter is whoever starts it, unless
// --presenter-key says otherwise.
func ownKeys() []string {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil
	}
	var out []string
	for _, name := range []string{"id_ed25519.pub", "id_ecdsa.pub", "id_rsa.pub"} {
		if f := filepath.Join(home, ".ssh", name); fileExists(f) {
			out = append(out, f)
		}
	}
	return out
}

func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// hostFor is the host students type: the address bound, or for every
// interface, a placeholder they replace.
func hostFor(a net.Addr) string {
	ip := a.(*net.TCPAddr).IP
	if ip.IsUnspecified() {
		return "THIS-MACHINE"
	}
	return ip.String()
}

// newPassphrase is four short words' worth of randomness, easy to read out.
func newPassphrase() string {
	const letters = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 14)
	rand.Read(b)
	out := make([]byte, 0, 17)
	for i, c := range b {
		if i > 0 && i%5 == 4 {
			out = append(out, '-')
		}
		out = append(out, letters[int(c)%len(letters)])
	}
	return string(out)
}
