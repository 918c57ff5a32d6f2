package serve

import (
	"bytes"
	"crypto/subtle"
	"fmt"
	"os"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// readKeys reads an authorized_keys file.
func readKeys(path string) ([]gossh.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var keys []gossh.PublicKey
	for rest := b; len(bytes.TrimSpace(rest)) > 0; {
		k, _, _, r, err := gossh.ParseAuthorizedKey(rest)
		if err != nil {
			return nil, fmt.Errorf("%s: not an authorized_keys file: %v", path, err)
		}
		keys = append(keys, k)
		rest = r
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s holds no key", path)
	}
	return keys, nil
}

func hasKey(keys []gossh.PublicKey, k ssh.PublicKey) bool {
	for _, x := range keys {
		if ssh.KeysEqual(x, k) {
			return true
		}
	}
	return false
}

// auth decides who gets in. On loopback anyone does (keyboard-interactive
// with no question, or any password); elsewhere the passphrase or a listed
// key is needed. The presenter's key always gets in; a session learns it
// presents from the key it authenticated with (presents). No other key is
// taken unless listed: a client offers all its keys before anything else,
// so the presenter's is found whichever it offers first.
type auth struct {
	loopback   bool
	passphrase string
	students   []gossh.PublicKey
	presenters []gossh.PublicKey
}

func (a *auth) options() []ssh.Option {
	opts := []ssh.Option{ssh.PublicKeyAuth(func(_ ssh.Context, k ssh.PublicKey) bool {
		return hasKey(a.presenters, k) || hasKey(a.students, k)
	})}
	if a.students == nil { // keys only, when the students' keys are listed
		opts = append(opts,
			ssh.PasswordAuth(func(_ ssh.Context, pw string) bool { return a.passOK(pw) }),
			ssh.KeyboardInteractiveAuth(func(_ ssh.Context, ch gossh.KeyboardInteractiveChallenge) bool {
				if a.passphrase == "" {
					return a.loopback
				}
				ans, err := ch("", "dualwrite workshop", []string{"passphrase: "}, []bool{false})
				return err == nil && len(ans) == 1 && a.passOK(ans[0])
			}))
	}
	return opts
}

func (a *auth) passOK(pw string) bool {
	if a.passphrase == "" {
		return a.loopback
	}
	return subtle.ConstantTimeCompare([]byte(pw), []byte(a.passphrase)) == 1
}

// presents reports whether the session authenticated with a presenter's key.
func (a *auth) presents(s ssh.Session) bool {
	k := s.PublicKey()
	return k != nil && hasKey(a.presenters, k)
}
