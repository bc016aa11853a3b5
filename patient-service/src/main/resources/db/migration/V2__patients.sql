-- Patient service: patients of each hospital, care teams, program enrollments, device assignments, consent,
-- GDPR erasures, the platform's hash-chained audit trail, and the outbox.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE patient (
    id                   uuid PRIMARY KEY,
    tenant_id            text        NOT NULL,
    ins                  text,                          -- French INS (NIR + key), null once erased
    local_ids            text,                          -- JSON [{"system": "IPP-NORD", "value": "123"}]
    family_name          text,
    given_names          text,
    birth_date           date,
    sex                  text,                          -- F, M, U
    contact              text,                          -- JSON {phone, email, address}
    fall_risk            boolean     NOT NULL,
    pregnant             boolean     NOT NULL,
    hypercapnic_rf       boolean     NOT NULL,          -- NEWS2 SpO2 scale 2
    erased_at            timestamptz,
    version              bigint      NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE UNIQUE INDEX patient_ins_unique ON patient (tenant_id, ins) WHERE ins IS NOT NULL;
CREATE INDEX patient_tenant_name ON patient (tenant_id, lower(family_name));

CREATE TABLE care_team_member (
    patient_id  uuid        NOT NULL REFERENCES patient (id),
    user_id     text        NOT NULL,
    role        text        NOT NULL,                   -- clinician, nurse
    since       timestamptz NOT NULL,
    PRIMARY KEY (patient_id, user_id)
);

CREATE TABLE enrollment (
    id                  uuid PRIMARY KEY,
    patient_id          uuid        NOT NULL REFERENCES patient (id),
    program             text        NOT NULL,
    start_date          date        NOT NULL,
    end_date            date,
    schedule            text,                           -- JSON [{"code", "period", "grace"}]
    rule_overrides      text,                           -- JSON [{"ruleKey", "enabled", "params"}]
    escalation_minutes  integer,
    version             bigint      NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX enrollment_patient ON enrollment (patient_id);

CREATE TABLE device_assignment (
    id          uuid PRIMARY KEY,
    tenant_id   text        NOT NULL,
    device_id   uuid        NOT NULL,
    patient_id  uuid        NOT NULL REFERENCES patient (id),
    from_at     timestamptz NOT NULL,
    to_at       timestamptz,
    created_by  text        NOT NULL,
    version     bigint      NOT NULL,
    CONSTRAINT assignment_interval CHECK (to_at IS NULL OR to_at > from_at),
    -- a device has at most one patient at any instant
    CONSTRAINT assignment_no_overlap EXCLUDE USING gist (device_id WITH =, tstzrange(from_at, to_at, '[)') WITH &&)
);
CREATE INDEX assignment_patient ON device_assignment (patient_id);

CREATE TABLE consent (
    id            uuid PRIMARY KEY,
    patient_id    uuid        NOT NULL REFERENCES patient (id),
    status        text        NOT NULL,                 -- GIVEN, WITHDRAWN
    effective_at  timestamptz NOT NULL,
    recorded_by   text        NOT NULL,
    recorded_at   timestamptz NOT NULL
);
CREATE INDEX consent_patient ON consent (patient_id, recorded_at);

CREATE TABLE known_device (
    device_id   uuid PRIMARY KEY,
    tenant_id   text        NOT NULL,
    status      text        NOT NULL,
    kind        text,
    sequence    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE erasure (
    patient_id    uuid PRIMARY KEY,
    tenant_id     text        NOT NULL,
    requested_by  text        NOT NULL,
    requested_at  timestamptz NOT NULL,
    services      text        NOT NULL,                 -- JSON {"ingestion-service": null | completion time, ...}
    completed_at  timestamptz
);

-- The audit trail: append-only, each entry chained to the previous one by a SHA-256 hash.
CREATE TABLE audit_entry (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    at           timestamptz NOT NULL,
    source       text        NOT NULL,
    tenant_id    text,
    actor_id     text        NOT NULL,
    actor_roles  text        NOT NULL,
    action       text        NOT NULL,
    resource     text        NOT NULL,
    resource_id  text,
    purpose      text,
    outcome      text        NOT NULL,
    details      text        NOT NULL,
    prev_hash    text        NOT NULL,
    hash         text        NOT NULL
);
CREATE INDEX audit_resource ON audit_entry (resource, resource_id);
CREATE INDEX audit_actor ON audit_entry (actor_id, at);

CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only();

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
