package lab_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
)

func TestSnapshotReadsTheStores(t *testing.T) {
	ctx := context.Background()
	r := mustStart(t, "naive", 2, 1, "after-commit=1*crash")
	defer r.Close()
	snap, err := r.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Orders) != 0 || snap.Stream.Total != 0 || len(snap.Shipments) != 0 || !snap.BrokerUp || snap.ServiceGen != 1 {
		t.Fatalf("a fresh run's snapshot: %+v", snap)
	}
	for committed := false; !committed; {
		if _, err := r.Step(ctx); err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Trace() {
			committed = committed || e.Step == "commit"
		}
	}
	snap, err = r.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Orders) != 1 || snap.Orders[0].ID != "o-1" || snap.Orders[0].Status != "placed" || snap.Orders[0].Version != 1 {
		t.Fatalf("orders after the commit: %+v", snap.Orders)
	}
	if snap.ServiceGen != 1 {
		t.Fatalf("the service restarted before its fault struck: generation %d", snap.ServiceGen)
	}
	if _, err := r.Step(ctx); err != nil { // the fault after the commit: a crash
		t.Fatal(err)
	}
	if snap, err = r.Snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	if snap.ServiceGen != 2 {
		t.Fatalf("the crash after the commit left service generation %d, want 2", snap.ServiceGen)
	}

	r.ToggleBroker()
	snap, err = r.Snapshot(ctx)
	if err != nil {
		t.Fatalf("a snapshot with the broker down failed: %v", err)
	}
	if snap.BrokerUp || snap.Stream.Down == "" || snap.Consumer.Known {
		t.Fatalf("with the broker down the snapshot says up %v, down %q, consumer %+v", snap.BrokerUp, snap.Stream.Down, snap.Consumer)
	}
	r.ToggleBroker()

	mustFinish(t, r)
	snap, err = r.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Stream.Down != "" || snap.Stream.Total != 1 || len(snap.Stream.Msgs) != 1 {
		t.Fatalf("the stream at the end: %+v", snap.Stream)
	}
	m := snap.Stream.Msgs[0]
	if m.Seq != 1 || m.Order != "o-2" || m.Type != "OrderPlaced" || m.Subject != "orders.OrderPlaced" || m.Version != 1 {
		t.Fatalf("the stream's message: %+v", m)
	}
	if len(snap.Shipments) != 1 || snap.Shipments[0].Order != "o-2" || snap.Shipments[0].Count != 1 {
		t.Fatalf("shipments at the end: %+v", snap.Shipments)
	}
	if c := snap.Consumer; !c.Known || c.AckFloor != 1 || c.AckPending != 0 || c.Pending != 0 {
		t.Fatalf("the consumer at the end: %+v", c)
	}
}

func TestSnapshotOutboxAndInbox(t *testing.T) {
	ctx := context.Background()
	r := mustStart(t, "outbox-dedup", 2, 1)
	defer r.Close()
	mustFinish(t, r)
	snap, err := r.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Outbox) != 2 {
		t.Fatalf("outbox rows: %+v", snap.Outbox)
	}
	for i, o := range snap.Outbox {
		if !o.Sent || o.Order != []string{"o-1", "o-2"}[i] || o.Subject != "orders.OrderPlaced" {
			t.Fatalf("outbox row %d: %+v", i, o)
		}
	}
	if snap.Inbox != 2 {
		t.Fatalf("inbox holds %d ids, want 2", snap.Inbox)
	}
	for _, m := range snap.Stream.Msgs {
		if m.MsgID == "" {
			t.Fatalf("a message of outbox-dedup without Nats-Msg-Id: %+v", m)
		}
	}
}

func TestSnapshotFindsWhatAStrategyAdds(t *testing.T) {
	ctx := context.Background()
	r := mustStart(t, "cdc", 2, 1)
	defer r.Close()
	mustFinish(t, r)
	snap, err := r.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var log *lab.SnapshotTable
	for i, tb := range snap.Tables {
		if tb.Name == "orders.db · changelog" {
			log = &snap.Tables[i]
		}
	}
	if log == nil || log.Total != 2 || len(log.Rows) != 2 {
		t.Fatalf("cdc's change log is not in the snapshot: %+v", snap.Tables)
	}
	if len(snap.KV) == 0 || snap.KV[0].Key != "log" || snap.KV[0].Value != "2" {
		t.Fatalf("the connector's offset is not in the snapshot: %+v", snap.KV)
	}

	r2 := mustStart(t, "2pc", 1, 1)
	defer r2.Close()
	mustFinish(t, r2)
	snap, err = r2.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var coord bool
	for _, tb := range snap.Tables {
		coord = coord || strings.HasPrefix(tb.Name, "coordinator.db · ")
	}
	if !coord || len(snap.Streams) != 1 || snap.Streams[0].Name != "STAGED" {
		t.Fatalf("2pc's coordinator log and staged stream: tables %+v, streams %+v", snap.Tables, snap.Streams)
	}

	r3 := mustStart(t, "naive", 1, 1)
	defer r3.Close()
	snap, err = r3.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Tables) != 0 || len(snap.Streams) != 0 || len(snap.KV) != 0 {
		t.Fatalf("naive adds nothing, yet: tables %+v, streams %+v, kv %+v", snap.Tables, snap.Streams, snap.KV)
	}
}
