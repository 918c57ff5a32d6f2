-- Log-based change data capture for SQLite, which has no replication stream:
-- triggers append every change of orders to a change log, in the same
-- transaction as the change itself.
CREATE TABLE IF NOT EXISTS changelog (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    op       TEXT NOT NULL,           -- insert, update, delete
    order_id TEXT NOT NULL,
    version  INTEGER NOT NULL,
    before   TEXT,                    -- the row before, as JSON; NULL for an insert
    after    TEXT,                    -- the row after, as JSON; NULL for a delete
    at       TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS orders_cdc_insert AFTER INSERT ON orders BEGIN
    INSERT INTO changelog (op, order_id, version, before, after, at) VALUES ('insert', NEW.id, NEW.version, NULL,
        json_object('id', NEW.id, 'item', NEW.item, 'amount', NEW.amount, 'status', NEW.status, 'version', NEW.version), NEW.updated_at);
END;
CREATE TRIGGER IF NOT EXISTS orders_cdc_update AFTER UPDATE ON orders BEGIN
    INSERT INTO changelog (op, order_id, version, before, after, at) VALUES ('update', NEW.id, NEW.version,
        json_object('id', OLD.id, 'item', OLD.item, 'amount', OLD.amount, 'status', OLD.status, 'version', OLD.version),
        json_object('id', NEW.id, 'item', NEW.item, 'amount', NEW.amount, 'status', NEW.status, 'version', NEW.version), NEW.updated_at);
END;
CREATE TRIGGER IF NOT EXISTS orders_cdc_delete AFTER DELETE ON orders BEGIN
    INSERT INTO changelog (op, order_id, version, before, after, at) VALUES ('delete', OLD.id, OLD.version + 1,
        json_object('id', OLD.id, 'item', OLD.item, 'amount', OLD.amount, 'status', OLD.status, 'version', OLD.version), NULL,
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
