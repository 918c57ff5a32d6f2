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
