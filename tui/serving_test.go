package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// While the broker is served for the nats CLI, the header says where, and
// never with a credential.
func TestHeaderShowsWhereNATSIsServed(t *testing.T) {
	s, _ := scenarios.Lookup("naive")
	r, err := lab.Start(context.Background(), lab.Config{Name: "naive", Strategy: s.New(), Points: s.AllPoints(),
		Seed: 1, Orders: 3, Listen: "127.0.0.1:0", Token: "sekrit-token"})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Run: r, Base: baseConfig()}, 140, 30)
	h.idle()
	sv, ok := r.Serving()
	if !ok || !strings.HasPrefix(sv.URL, "nats://127.0.0.1:") {
		t.Fatalf("serving %+v %v", sv, ok)
	}
	h.contains("nats " + sv.URL)
	h.lacks("sekrit-token")
}
