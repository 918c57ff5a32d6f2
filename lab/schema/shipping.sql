-- The downstream consumer's database: what shipping believes.
CREATE TABLE IF NOT EXISTS shipments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id   TEXT NOT NULL,         -- not unique: a consumer that is not idempotent ships twice
    status     TEXT NOT NULL,
    version    INTEGER NOT NULL,
    applied_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS shipments_order ON shipments (order_id);

-- The inbox of an idempotent consumer: one row per applied message id.
CREATE TABLE IF NOT EXISTS inbox (
    msg_id     TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
);

-- The journal: one line per delivery shipping handled, written in the same
-- transaction as what it did with it. The checker judges from it.
CREATE TABLE IF NOT EXISTS journal (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL,
    event    TEXT NOT NULL,           -- OrderPlaced, OrderPaid, ...
    version  INTEGER NOT NULL,        -- the order's version the event carries
    state    TEXT NOT NULL,
    seq      INTEGER NOT NULL,        -- the stream sequence of the message
    msg_id   TEXT,
    delivery INTEGER NOT NULL,        -- 1 for the first delivery, 2 for the first redelivery, ...
    applied  INTEGER NOT NULL,        -- 0: absorbed or discarded, nothing applied
    discarded INTEGER NOT NULL DEFAULT 0, -- 1: older than the version shipping held (a versioned consumer)
    at_ns    INTEGER NOT NULL         -- on the lab's clock
);

-- Refusals: one line per delivery of a poison event, one shipping can never
-- apply, written in its own transaction after the apply was given up. The
-- checker tells a blocked stream from a lost event by it.
CREATE TABLE IF NOT EXISTS refusals (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL,
    version  INTEGER NOT NULL,
    seq      INTEGER NOT NULL,        -- the stream sequence of the message
    delivery INTEGER NOT NULL,        -- JetStream's delivery count of it
    at_ns    INTEGER NOT NULL         -- on the lab's clock
);
