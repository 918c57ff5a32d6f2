package lab

import (
	"context"
	"database/sql"
	"database/sql/driver"
	_ "embed"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"
)

//go:embed schema/orders.sql
var ordersSchema string

//go:embed schema/shipping.sql
var shippingSchema string

// connector opens SQLite connections that carry a commit hook, so a fault can
// make a commit fail for real: SQLite turns the commit into a rollback.
type connector struct {
	dsn    string
	drv    *sqlite3.SQLiteDriver
	refuse *atomic.Bool
}

func (c connector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	if c.refuse != nil {
		conn.(*sqlite3.SQLiteConn).RegisterCommitHook(func() int {
			if c.refuse.CompareAndSwap(true, false) {
				return 1
			}
			return 0
		})
	}
	return conn, nil
}

func (c connector) Driver() driver.Driver { return c.drv }

// openSQLite opens path in WAL mode with the given schema applied. refuse, when
// not nil, arms the commit hook. busy is how long a write waits for the lock.
func openSQLite(path, schema string, refuse *atomic.Bool, busy time.Duration) (*sql.DB, error) {
	seeded, err := seed(path, schema)
	if err != nil {
		return nil, err
	}
	if seeded {
		schema = ""
	}
	return openSQLiteWith(path, schema, refuse, busy)
}

// createSQLite makes a new database at path from schema, with SQLite itself.
func createSQLite(path, schema string) (*sql.DB, error) {
	return openSQLiteWith(path, schema, nil, lockWait)
}

// stmtCache is how many prepared statements each connection keeps: the lab
// asks the same few queries again and again (a relay's poll, an apply), and
// preparing one costs as much as running it.
const stmtCache = 32

func openSQLiteWith(path, schema string, refuse *atomic.Bool, busy time.Duration) (*sql.DB, error) {
	dsn := fmt.Sprintf("file:%s?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=%d&_foreign_keys=on&_stmt_cache_size=%d", path, busy.Milliseconds(), stmtCache)
	db := sql.OpenDB(connector{dsn: dsn, drv: &sqlite3.SQLiteDriver{}, refuse: refuse})
	if schema != "" {
		// One transaction for the whole schema: one commit to the disk
		// instead of one per statement.
		if _, err := db.Exec("BEGIN;\n" + schema + "\nCOMMIT;"); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	return db, nil
}

// lockWait is how long a write waits for SQLite's lock on a connection where
// waiting is harmless. The service's own connections do not wait at all: in a
// stepped run the holder of the lock cannot act while another actor waits, so
// a worker that meets the lock yields its turn and retries (see retryLocked).
const lockWait = 5 * time.Second

// retryLocked runs write until SQLite's lock is free, yielding the turn
// between tries so that whoever holds the lock can finish.
func (s *Service) retryLocked(ctx context.Context, write func() error) error {
	for {
		err := write()
		var se sqlite3.Error
		if !errors.As(err, &se) || (se.Code != sqlite3.ErrBusy && se.Code != sqlite3.ErrLocked) {
			return err
		}
		a := actorOf(ctx)
		s.run.sched.sleep(a, 5*time.Millisecond, "wait for the lock", a.order)
		s.alive()
	}
}
