-- Inbox ledger (io.vigie.inbox.PostgresLedger), shipped with the inbox library and applied by Flyway in every service
-- that depends on it, after the service's own migrations: the events each consumer already processed, written in the
-- handler's transaction and pruned after vigie.inbox.retention. Repeatable and idempotent: change it only additively.
CREATE TABLE IF NOT EXISTS inbox_processed (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS inbox_processed_at ON inbox_processed (processed_at);
