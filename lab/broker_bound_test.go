package lab

import "testing"

// A run's own server keeps an API request's reply for apiReplyBound; a
// campaign's shared server, busier, for the whole setup's safety net.
func TestReplyBoundOfEachServer(t *testing.T) {
	own, err := newBroker(t.TempDir(), "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer own.Stop()
	shared, err := NewSharedBroker()
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	for _, c := range []struct {
		b    *Broker
		want string
	}{{own, apiReplyBound.String()}, {shared, setupBound.String()}} {
		got, err := c.b.srv.SystemAccount().ServiceExportResponseThreshold("$JS.API.>")
		if err != nil || got.String() != c.want {
			t.Errorf("shared %v: reply bound %v (%v), want %s", c.b.shared, got, err, c.want)
		}
	}
}
