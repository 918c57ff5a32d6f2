-- The outbox of log tailing (Debezium's outbox event router): the service
-- inserts a domain event and deletes it again in the same transaction, so the
-- table stays empty; the change log keeps the insert for the connector.
CREATE TABLE IF NOT EXISTS outbox_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: it is the message id
    aggregatetype TEXT NOT NULL,      -- orders: the subject's first token
    aggregateid   TEXT NOT NULL,      -- o-1: the order the event is about
    type          TEXT NOT NULL,      -- placed, paid, cancelled
    payload       TEXT NOT NULL       -- the event, as JSON
);
-- The change log of outbox_events, standing in for the database's own log
-- (SQLite has no replication stream): triggers append every insert and
-- delete in the same transaction as the change.
CREATE TABLE IF NOT EXISTS outbox_log (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    op            TEXT NOT NULL,      -- insert, delete
    id            INTEGER NOT NULL,
    aggregatetype TEXT NOT NULL,
    aggregateid   TEXT NOT NULL,
    type          TEXT NOT NULL,
    payload       TEXT                -- NULL for a delete
);
CREATE TRIGGER IF NOT EXISTS outbox_events_log_insert AFTER INSERT ON outbox_events BEGIN
    INSERT INTO outbox_log (op, id, aggregatetype, aggregateid, type, payload)
    VALUES ('insert', NEW.id, NEW.aggregatetype, NEW.aggregateid, NEW.type, NEW.payload);
END;
CREATE TRIGGER IF NOT EXISTS outbox_events_log_delete AFTER DELETE ON outbox_events BEGIN
    INSERT INTO outbox_log (op, id, aggregatetype, aggregateid, type, payload)
    VALUES ('delete', OLD.id, OLD.aggregatetype, OLD.aggregateid, OLD.type, NULL);
END;
