package concurrent

// The schemas are minimal copies of lab/schema: lab keeps its own unexported
// (embedded for the stepped lab), and a concurrent run needs only the tables
// below, with no history or fault hooks.
//
// They differ from lab/schema only where a page written per order costs
// throughput and changes no outcome (each page is a WAL frame: two writes and
// a checksum at every commit):
//   - orders and inbox are keyed by their text id alone (WITHOUT ROWID): one
//     b-tree per table instead of a table and its primary key index;
//   - no AUTOINCREMENT, which updates sqlite_sequence at every insert. Rows
//     are never deleted here (the outbox marks them sent), so the largest id
//     stays and SQLite's next rowid is never one used before: an outbox id is
//     still a unique message id;
//   - no partial index of pending outbox rows: the relay reads on from the
//     last id it published, a rowid range, as a CDC connector reads on from
//     its offset.

const ordersSchema = `
CREATE TABLE IF NOT EXISTS orders (
    id         TEXT PRIMARY KEY,
    item       TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    status     TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outbox (
    id      INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    payload BLOB NOT NULL,
    sent    INTEGER                   -- NULL while pending
);`

// changelogSchema is log-based CDC as in lab/schema/changelog.sql: a
// trigger appends each new order to a log in the same transaction, and the
// connector keeps its offset in the same database.
const changelogSchema = `
CREATE TABLE IF NOT EXISTS changelog (
    seq      INTEGER PRIMARY KEY,
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
    id         INTEGER PRIMARY KEY,
    order_id   TEXT NOT NULL,
    version    INTEGER NOT NULL,
    applied_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS inbox (
    msg_id TEXT PRIMARY KEY
) WITHOUT ROWID;`
