package concurrent

// The schemas are minimal copies of lab/schema: lab keeps its own unexported
// (embedded for the stepped lab), and a concurrent run needs only the tables
// below, with no history or fault hooks.

const ordersSchema = `
CREATE TABLE IF NOT EXISTS orders (
    id         TEXT PRIMARY KEY,
    item       TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    status     TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    subject TEXT NOT NULL,
    payload BLOB NOT NULL,
    sent    INTEGER                   -- NULL while pending
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (id) WHERE sent IS NULL;`

// changelogSchema is log-based CDC as in lab/schema/changelog.sql: a
// trigger appends each new order to a log in the same transaction, and the
// connector keeps its offset in the same database.
const changelogSchema = `
CREATE TABLE IF NOT EXISTS changelog (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL,
    version  INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS orders_cdc_insert AFTER INSERT ON orders BEGIN
    INSERT INTO changelog (order_id, version) VALUES (NEW.id, NEW.version);
END;
CREATE TABLE IF NOT EXISTS connector_offset (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT OR IGNORE INTO connector_offset (id, seq) VALUES (1, 0);`

const shippingSchema = `
CREATE TABLE IF NOT EXISTS shipments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id   TEXT NOT NULL,
    version    INTEGER NOT NULL,
    applied_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS inbox (
    msg_id TEXT PRIMARY KEY
);`
