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

-- The history of committed changes: one row per change of an order, written
-- in the same transaction as the change. The checker judges from it.
CREATE TABLE IF NOT EXISTS history (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL,
    version  INTEGER NOT NULL,
    op       TEXT NOT NULL,           -- place, pay, cancel, update
    state    TEXT NOT NULL,
    writer   TEXT NOT NULL,           -- the lane that committed it
    at_ns    INTEGER NOT NULL,        -- the commit, on the lab's clock
    request  TEXT NOT NULL DEFAULT '' -- on a place: the caller's number for the request, the same on its retries
);

-- The idempotency keys of placements, written in the same transaction as the
-- order: a retry carrying a stored key is answered with the stored order.
CREATE TABLE IF NOT EXISTS idempotency (
    key      TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    at_ns    INTEGER NOT NULL         -- the commit, on the lab's clock
);
