-- Baseline of the device-registry schema; the inventory tables come in V2.
CREATE TABLE IF NOT EXISTS schema_info (
    id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    service     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO schema_info (service) VALUES ('device-registry') ON CONFLICT DO NOTHING;
