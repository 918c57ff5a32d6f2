package lab_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

func startServer(t *testing.T) *server.Server {
	t.Helper()
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(5 * time.Second) {
		t.Fatal("nats server not ready")
	}
	t.Cleanup(srv.Shutdown)
	return srv
}

// Runs on one shared server each get their own names: they run side by side,
// neither sees the other's messages, and they leave no stream behind.
func TestSharedServerRunsAreApart(t *testing.T) {
	srv := startServer(t)
	s, _ := scenarios.Lookup("outbox-dedup")
	fs, _ := s.ParseFaults([]string{"relay.after-publish=1*crash"})
	var wg sync.WaitGroup
	reports := make([]*lab.Report, 3)
	for i := range reports {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := lab.Start(context.Background(), scenarios.Spec{Strategy: s,
				Faults: fs, Seed: int64(i + 1), Orders: 4, NATSURL: srv.ClientURL()}.Config())
			if err != nil {
				t.Error(err)
				return
			}
			defer r.Close()
			rep, err := r.Finish(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			reports[i] = rep
		}()
	}
	wg.Wait()
	for i, rep := range reports {
		if rep == nil {
			continue
		}
		if !rep.Consistent || !rep.Settled {
			t.Errorf("run %d: %+v settled %v", i, rep.Anomalies, rep.Settled)
		}
		// Each run's shipping applied exactly its own four orders.
		applied := 0
		for _, e := range rep.Trace {
			if e.Actor == "consumer" && e.Step == "apply" {
				applied++
			}
		}
		if applied != 4 {
			t.Errorf("run %d: shipping applied %d events, want its own 4", i, applied)
		}
	}
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	for name := range js.StreamNames(context.Background()).Name() {
		t.Errorf("stream %s left on the shared server", name)
	}
}

func TestSharedServerRefusesOutages(t *testing.T) {
	srv := startServer(t)
	s, _ := scenarios.Lookup("naive")
	fs, _ := s.ParseFaults([]string{"publish=broker-down(100ms)"})
	_, err := lab.Start(context.Background(), scenarios.Spec{Strategy: s,
		Faults: fs, NATSURL: srv.ClientURL()}.Config())
	var ie *lab.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("want an input error for broker-down with a shared server, got %v", err)
	}
}
