package serve_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/dualwrite/dualwrite/serve"
)

// The host key is made once and kept: a second start shows the same
// fingerprint, so students are not warned again.
func TestHostKeyIsKept(t *testing.T) {
	key := filepath.Join(t.TempDir(), "sub", "host_key")
	var prints []string
	for range 2 {
		ts := startServer(t, func(c *serve.Config) { c.HostKey = key })
		prints = append(prints, ts.srv.Fingerprint())
		if err := ts.stop(); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.HasPrefix(prints[0], "SHA256:") || prints[0] != prints[1] {
		t.Errorf("fingerprints %q: want the same SHA256 twice", prints)
	}
	pem, err := os.ReadFile(key)
	if err != nil {
		t.Fatalf("the host key is not kept where asked: %v", err)
	}
	signer, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	if fp := gossh.FingerprintSHA256(signer.PublicKey()); fp != prints[0] {
		t.Errorf("the server shows %s, the kept key is %s", prints[0], fp)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("the host key %s: %v, mode %v: want readable by its owner only", key, err, fi.Mode())
	}
}

// Any address but loopback needs a passphrase or the students' keys.
func TestOtherThanLoopbackNeedsAPassphrase(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "[::]:0", "192.0.2.1:2222"} {
		_, err := serve.New(serve.Config{Listen: addr, HostKey: filepath.Join(t.TempDir(), "k"), TempDir: t.TempDir()})
		var ce *serve.ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), "--passphrase") {
			t.Errorf("--listen %s without a passphrase: %v, want a ConfigError naming --passphrase", addr, err)
		}
	}
}

// With a passphrase, only those who give it get in, by password or
// keyboard-interactive; the presenter's key still does.
func TestPassphraseIsRequired(t *testing.T) {
	ts := startServer(t, func(c *serve.Config) { c.Passphrase = "correct-horse" })
	try := func(auth ...gossh.AuthMethod) error {
		c, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "s", Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
		if err == nil {
			c.Close()
		}
		return err
	}
	answer := func(pw string) gossh.AuthMethod {
		return gossh.KeyboardInteractive(func(_, _ string, qs []string, _ []bool) ([]string, error) {
			a := make([]string, len(qs))
			for i := range a {
				a[i] = pw
			}
			return a, nil
		})
	}
	if err := try(gossh.Password("wrong")); err == nil {
		t.Error("a wrong password got in")
	}
	if err := try(answer("wrong")); err == nil {
		t.Error("a wrong keyboard-interactive answer got in")
	}
	if err := try(studentAuth()...); err == nil {
		t.Error("no answer at all got in")
	}
	if err := try(gossh.Password("correct-horse")); err != nil {
		t.Errorf("the passphrase as password: %v", err)
	}
	if err := try(answer("correct-horse")); err != nil {
		t.Errorf("the passphrase by keyboard-interactive: %v", err)
	}
	if err := try(presenterAuth(ts)...); err != nil {
		t.Errorf("the presenter's key: %v", err)
	}
}

// The client offers its keys in its own order: the presenter is found
// whichever key comes first, and a student's own key lets them in as a
// student.
func TestPresenterFoundWhateverKeyComesFirst(t *testing.T) {
	ts := startServer(t, nil)
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pres := openReady(t, ts.addr, []gossh.AuthMethod{gossh.PublicKeys(other, ts.presenter)}, presenterSize, "presenter ·")
	openReady(t, ts.addr, append([]gossh.AuthMethod{gossh.PublicKeys(other)}, studentAuth()...), studentSize, "following the presenter")
	pres.waitText("1 connected", wait)
}
