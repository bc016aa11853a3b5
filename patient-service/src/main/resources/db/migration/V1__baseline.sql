-- Baseline of the patient-service schema.
CREATE TABLE IF NOT EXISTS schema_info (
    id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    service     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO schema_info (service) VALUES ('patient-service') ON CONFLICT DO NOTHING;
