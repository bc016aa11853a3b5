-- Device registry: catalogue of device models with their CE/MDR certification, devices per hospital,
-- device credentials, and the outbox of events committed with the data.

CREATE TABLE device_model (
    id                 uuid PRIMARY KEY,
    manufacturer       text        NOT NULL,
    model_name         text        NOT NULL,
    kind               text        NOT NULL,
    measurement_codes  text        NOT NULL,              -- JSON array of LOINC codes
    regulatory_status  text        NOT NULL,              -- MEDICAL_DEVICE, IVD, WELLNESS
    device_class       text,                              -- MDR I..III / IVDR A..D, null for WELLNESS
    basic_udi_di       text,
    udi_di             text,                              -- GS1 GTIN-14, check digit verified
    intended_purpose   text        NOT NULL,
    approved_firmware  text        NOT NULL,              -- JSON array
    payload_mapping    text,                              -- JSON, null when the device sends Vigie's format
    version            bigint      NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CONSTRAINT device_model_name_unique UNIQUE (manufacturer, model_name)
);

CREATE TABLE certificate (
    id              uuid PRIMARY KEY,
    model_id        uuid        NOT NULL REFERENCES device_model (id),
    kind            text        NOT NULL,                 -- NB_CERTIFICATE, DECLARATION_OF_CONFORMITY
    notified_body   text,                                 -- 4 digits, NB certificates only
    number          text        NOT NULL,
    issued_on       date        NOT NULL,
    expires_on      date,
    status          text        NOT NULL,                 -- VALID, SUSPENDED, WITHDRAWN, EXPIRED
    version         bigint      NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT certificate_number_unique UNIQUE (model_id, number)
);
CREATE INDEX certificate_model ON certificate (model_id);
CREATE INDEX certificate_expiry ON certificate (expires_on);

CREATE TABLE device (
    id                uuid PRIMARY KEY,
    hospital_id       text        NOT NULL,
    model_id          uuid        NOT NULL REFERENCES device_model (id),
    serial_number     text        NOT NULL,
    lot_number        text,
    manufactured_on   date,
    expires_on        date,
    firmware_version  text        NOT NULL,
    status            text        NOT NULL,               -- PROVISIONED, ACTIVE, SUSPENDED, RETIRED
    location          text,
    last_seen_at      timestamptz,                        -- from ingestion, does not change the version
    version           bigint      NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    CONSTRAINT device_serial_unique UNIQUE (model_id, serial_number)
);
CREATE INDEX device_hospital_status ON device (hospital_id, status);
CREATE INDEX device_model_idx ON device (model_id);

CREATE TABLE device_credential (
    id                  uuid PRIMARY KEY,
    device_id           uuid        NOT NULL REFERENCES device (id),
    kind                text        NOT NULL,             -- SECRET, X509
    secret_hash         text,                             -- pbkdf2-sha256$iterations$salt$hash, never the secret
    fingerprint_sha256  text,                             -- lowercase hex of the client certificate's DER
    created_at          timestamptz NOT NULL,
    valid_until         timestamptz,                      -- set when rotated: end of the grace period
    revoked_at          timestamptz,
    CONSTRAINT credential_has_material CHECK ((kind = 'SECRET' AND secret_hash IS NOT NULL)
                                           OR (kind = 'X509' AND fingerprint_sha256 IS NOT NULL))
);
CREATE INDEX credential_device ON device_credential (device_id);
CREATE UNIQUE INDEX credential_fingerprint_active ON device_credential (fingerprint_sha256) WHERE revoked_at IS NULL;

CREATE TABLE outbox (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      uuid        NOT NULL UNIQUE,
    topic         text        NOT NULL,
    record_key    text        NOT NULL,
    payload       text        NOT NULL,
    created_at    timestamptz NOT NULL,
    published_at  timestamptz
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;
