-- The order service's own database.
CREATE TABLE IF NOT EXISTS orders (
    id         TEXT PRIMARY KEY,
    item       TEXT NOT NULL,
    amount     INTEGER NOT NULL,      -- cents
    status     TEXT NOT NULL,         -- placed, paid
    version    INTEGER NOT NULL,      -- counts the changes of this order
    updated_at TEXT NOT NULL
);

-- The transactional outbox: written in the same transaction as the order.
CREATE TABLE IF NOT EXISTS outbox (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    subject  TEXT NOT NULL,
    payload  BLOB NOT NULL,
    created  TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    sent     TEXT                     -- NULL while pending
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (id) WHERE sent IS NULL;
