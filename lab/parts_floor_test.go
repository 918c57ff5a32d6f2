package lab

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// BenchmarkPartsOfARun is the least any run of a campaign does with the real
// parts, and nothing of the lab: two SQLite files made from their images and
// opened by three connections, one order written and applied, three client
// connections to the campaign's broker, a stream and a consumer made, one
// event published, fetched and acked, then everything deleted, closed and
// removed. Its CPU time per run is the floor under a campaign's: 30,000
// runs in 60 s on 2 cores leave 4 ms of CPU per run.
func BenchmarkPartsOfARun(b *testing.B) {
	br, err := NewSharedBroker()
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	ctx := context.Background()
	cpu := processCPU()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := partsOfARun(ctx, br); err != nil {
				b.Error(err)
				return
			}
		}
	})
	perRun := float64((processCPU() - cpu).Microseconds()) / 1000 / float64(b.N)
	b.ReportMetric(perRun, "cpu-ms/run")
	b.ReportMetric(float64(runtime.NumCPU())*1000/perRun, "runs/s")
}

func partsOfARun(ctx context.Context, br *Broker) error {
	dir, err := os.MkdirTemp(TempRoot(), "dualwrite-parts-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	orders, ship := filepath.Join(dir, "orders.db"), filepath.Join(dir, "shipping.db")
	lab, err := openSQLite(orders, ordersSchema, nil, lockWait)
	if err != nil {
		return err
	}
	defer lab.Close()
	svc, err := openSQLite(orders, "", nil, 0)
	if err != nil {
		return err
	}
	defer svc.Close()
	cons, err := openSQLite(ship, shippingSchema, nil, lockWait)
	if err != nil {
		return err
	}
	defer cons.Close()
	n := uniqueNames()
	var conns []jetstream.JetStream
	for _, name := range []string{"lab", "service", "shipping"} {
		nc, err := br.connect(name)
		if err != nil {
			return err
		}
		defer nc.Close()
		js, err := jetstream.New(nc)
		if err != nil {
			return err
		}
		conns = append(conns, js)
	}
	admin, service, shipping := conns[0], conns[1], conns[2]
	if _, err := admin.CreateStream(ctx, jetstream.StreamConfig{Name: n.stream, Subjects: []string{n.orders()}, Storage: jetstream.MemoryStorage}); err != nil {
		return err
	}
	defer admin.DeleteStream(ctx, n.stream)
	c, err := admin.CreateOrUpdateConsumer(ctx, n.stream, jetstream.ConsumerConfig{Durable: n.consumer, AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: 1})
	if err != nil {
		return err
	}
	now := time.Now().Format(time.RFC3339Nano)
	if _, err := svc.ExecContext(ctx, `INSERT INTO orders (id, item, amount, status, version, updated_at) VALUES ('o-1', 'book', 100, 'placed', 1, ?)`, now); err != nil {
		return err
	}
	if _, err := service.Publish(ctx, n.prefix+"orders.placed", []byte(`{"order":"o-1"}`)); err != nil {
		return err
	}
	if c, err = shipping.Consumer(ctx, n.stream, n.consumer); err != nil {
		return err
	}
	msg, err := c.Next(jetstream.FetchMaxWait(5 * time.Second))
	if err != nil {
		return err
	}
	if _, err := cons.ExecContext(ctx, `INSERT INTO shipments (order_id, status, version, applied_at) VALUES ('o-1', 'pending', 1, ?)`, now); err != nil {
		return err
	}
	if err := msg.DoubleAck(ctx); err != nil {
		return err
	}
	var placed int
	return lab.QueryRowContext(ctx, `SELECT count(*) FROM orders`).Scan(&placed)
}

// processCPU is the CPU time the process used so far, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
