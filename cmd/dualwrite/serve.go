package main

import (
	"fmt"

	"github.com/dualwrite/dualwrite/lab"
)

// announce says where the embedded broker is served, when --listen asked for
// it, and warns when it is reachable from other machines. A token is shown
// only when the lab generated it, and only here.
func (m *Main) announce(s lab.Serving, ok bool) {
	if !ok {
		return
	}
	fmt.Fprintf(m.Stderr, "NATS is served on %s while the run lasts; nats server info works as user sys\n", s.URL)
	if !s.Loopback {
		fmt.Fprintf(m.Stderr, "warning: %s is reachable from other machines\n", s.URL)
	}
	if s.User != "" {
		fmt.Fprintf(m.Stderr, "clients must give user %s (or sys) and the token as password\n", s.User)
	}
	if s.Token != "" {
		fmt.Fprintf(m.Stderr, "token, shown only this once: %s\n", s.Token)
	}
}
