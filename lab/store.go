package lab

import (
	"context"
	"database/sql"
	"database/sql/driver"
	_ "embed"
	"fmt"
	"sync/atomic"

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
// not nil, arms the commit hook.
func openSQLite(path, schema string, refuse *atomic.Bool) (*sql.DB, error) {
	dsn := fmt.Sprintf("file:%s?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_foreign_keys=on", path)
	db := sql.OpenDB(connector{dsn: dsn, drv: &sqlite3.SQLiteDriver{}, refuse: refuse})
	if schema != "" {
		if _, err := db.Exec(schema); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	return db, nil
}
