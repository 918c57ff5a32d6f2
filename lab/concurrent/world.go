package concurrent

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/dualwrite/dualwrite/lab"
	"os"
	"path/filepath"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// world is one concurrent run's parts: two SQLite files and an embedded
// JetStream server, all real, in a directory of its own.
type world struct {
	dir      string
	orders   *sql.DB
	shipping *sql.DB
	srv      *server.Server
	nc       *nats.Conn
	js       jetstream.JetStream
}

const subject = "orders.placed"

func openWorld(ctx context.Context, cdc bool) (w *world, err error) {
	w = &world{}
	// Where the stepped lab keeps a run's files (lab.TempRoot), so the parts
	// alone and the strategies are measured on the same file system.
	if w.dir, err = os.MkdirTemp(lab.TempRoot(), "dualwrite-concurrent-*"); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			w.close()
		}
	}()
	schema := ordersSchema
	if cdc {
		schema += changelogSchema
	}
	if w.orders, err = openDB(filepath.Join(w.dir, "orders.db"), schema); err != nil {
		return nil, err
	}
	if w.shipping, err = openDB(filepath.Join(w.dir, "shipping.db"), shippingSchema); err != nil {
		return nil, err
	}
	w.srv, err = server.NewServer(&server.Options{JetStream: true, StoreDir: filepath.Join(w.dir, "nats"),
		NoLog: true, NoSigs: true, DontListen: true})
	if err != nil {
		return nil, fmt.Errorf("start nats: %w", err)
	}
	go w.srv.Start()
	if !w.srv.ReadyForConnections(5 * time.Second) {
		return nil, fmt.Errorf("start nats: not ready after 5s")
	}
	// As in lab/broker.go: nats-server's default 2-minute reply threshold
	// would keep the server in memory that long after its shutdown.
	if err := w.srv.SystemAccount().SetServiceExportResponseThreshold("$JS.API.>", 10*time.Second); err != nil {
		return nil, fmt.Errorf("start nats: %w", err)
	}
	if w.nc, err = nats.Connect("", nats.InProcessServer(w.srv)); err != nil {
		return nil, fmt.Errorf("connect to nats: %w", err)
	}
	if w.js, err = jetstream.New(w.nc, jetstream.WithPublishAsyncMaxPending(4096)); err != nil {
		return nil, err
	}
	_, err = w.js.CreateStream(ctx, jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>"},
		Storage: jetstream.FileStorage, Duplicates: time.Minute})
	if err != nil {
		return nil, fmt.Errorf("create stream: %w", err)
	}
	return w, nil
}

// openDB opens path in WAL mode, as the stepped lab does, with one
// connection: writers queue in the pool instead of spinning on SQLite's lock.
// That connection is the file's only user, so it holds SQLite's lock in
// exclusive mode instead of taking and releasing file locks (fcntl system
// calls, costly on a VM) around every transaction; nothing else may open the
// file during a run, and the run removes it after.
func openDB(path, schema string) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_locking_mode=EXCLUSIVE")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

func (w *world) close() {
	if w.nc != nil {
		w.nc.Close()
	}
	if w.srv != nil {
		w.srv.Shutdown()
		w.srv.WaitForShutdown()
	}
	if w.orders != nil {
		w.orders.Close()
	}
	if w.shipping != nil {
		w.shipping.Close()
	}
	os.RemoveAll(w.dir)
}
