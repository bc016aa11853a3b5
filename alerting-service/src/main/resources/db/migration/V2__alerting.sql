-- Alerting: the readings the rules need (windowed history), care plans, clinicians' rule overrides, alerts with
-- their history, silences, webhooks and their deliveries, and the outbox.

CREATE TABLE observation (
    reading_id      uuid PRIMARY KEY,                 -- idempotency: a redelivered reading is seen once
    patient_id      uuid             NOT NULL,
    tenant_id       text             NOT NULL,
    device_id       uuid             NOT NULL,
    code            text             NOT NULL,
    value           double precision,
    value_code      text,
    components      text,                             -- JSON {"8480-6": 128, "8462-4": 82}
    measured_at     timestamptz      NOT NULL,
    clinical_grade  boolean          NOT NULL,
    received_at     timestamptz      NOT NULL
);
CREATE INDEX observation_patient_code_time ON observation (patient_id, code, measured_at);

CREATE TABLE processed_event (
    event_id      uuid PRIMARY KEY,
    patient_id    uuid,
    processed_at  timestamptz NOT NULL
);

CREATE TABLE care_plan (
    patient_id   uuid PRIMARY KEY,
    tenant_id    text        NOT NULL,
    plan         text        NOT NULL,                -- CarePlanV1 JSON
    occurred_at  timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE TABLE care_team (
    patient_id  uuid NOT NULL REFERENCES care_plan (patient_id) ON DELETE CASCADE,
    user_id     text NOT NULL,
    role        text NOT NULL,
    PRIMARY KEY (patient_id, user_id)
);
CREATE INDEX care_team_user ON care_team (user_id);

CREATE TABLE rule_override (
    patient_id  uuid        NOT NULL,
    rule_key    text        NOT NULL,
    enabled     boolean,
    params      text,                                 -- JSON {"delta": 1.5}
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint      NOT NULL,
    PRIMARY KEY (patient_id, rule_key)
);

CREATE TABLE device_heartbeat (
    device_id   uuid PRIMARY KEY,
    patient_id  uuid        NOT NULL,
    tenant_id   text        NOT NULL,
    last_at     timestamptz NOT NULL
);

CREATE TABLE alert (
    id                 uuid PRIMARY KEY,
    alert_key          text        NOT NULL UNIQUE,   -- rule + patient + episode: deterministic
    tenant_id          text        NOT NULL,
    patient_id         uuid        NOT NULL,
    rule_key           text        NOT NULL,
    kind               text        NOT NULL,
    title              text        NOT NULL,
    priority           text        NOT NULL,          -- HIGH, MEDIUM, LOW (IEC 60601-1-8)
    status             text        NOT NULL,          -- OPEN, ACKNOWLEDGED, RESOLVED
    late               boolean     NOT NULL,
    clinical_grade     boolean     NOT NULL,
    last_value         text,
    detail             text,
    count              integer     NOT NULL,
    device_id          uuid,
    first_measured_at  timestamptz NOT NULL,
    last_measured_at   timestamptz NOT NULL,
    raised_at          timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    acknowledged_at    timestamptz,
    acknowledged_by    text,
    assigned_to        text,
    resolved_at        timestamptz,
    resolved_by        text,
    actionable         boolean,
    resolution_note    text,
    escalation_level   integer     NOT NULL DEFAULT 0,
    escalation_due_at  timestamptz,
    version            bigint      NOT NULL
);
CREATE UNIQUE INDEX alert_one_open_per_rule ON alert (patient_id, rule_key) WHERE status IN ('OPEN', 'ACKNOWLEDGED');
CREATE INDEX alert_tenant_status ON alert (tenant_id, status, raised_at);
CREATE INDEX alert_escalation_due ON alert (escalation_due_at) WHERE status = 'OPEN';

CREATE TABLE alert_event (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id  uuid        NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    at        timestamptz NOT NULL,
    type      text        NOT NULL,                   -- RAISED, REPEATED, ACKNOWLEDGED, ASSIGNED, COMMENTED, ESCALATED, RESOLVED, AUTO_RESOLVED
    actor     text,
    detail    text
);
CREATE INDEX alert_event_alert ON alert_event (alert_id, id);

CREATE TABLE silence (
    id          uuid PRIMARY KEY,
    tenant_id   text        NOT NULL,
    patient_id  uuid        NOT NULL,
    rule_key    text        NOT NULL,
    reason      text        NOT NULL,
    until       timestamptz NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX silence_active ON silence (patient_id, rule_key, until);

CREATE TABLE webhook (
    id                    uuid PRIMARY KEY,
    tenant_id             text        NOT NULL,
    url                   text        NOT NULL,
    secret                text        NOT NULL,       -- HMAC-SHA256 key shared with the receiver
    enabled               boolean     NOT NULL,
    consecutive_failures  integer     NOT NULL,
    disabled_reason       text,
    created_by            text        NOT NULL,
    created_at            timestamptz NOT NULL,
    version               bigint      NOT NULL
);

CREATE TABLE webhook_delivery (
    id               uuid PRIMARY KEY,
    webhook_id       uuid        NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_id         uuid        NOT NULL,
    payload          text        NOT NULL,
    status           text        NOT NULL,            -- PENDING, DELIVERED, FAILED
    attempts         integer     NOT NULL,
    next_attempt_at  timestamptz,
    last_status      integer,
    last_error       text,
    created_at       timestamptz NOT NULL,
    delivered_at     timestamptz,
    CONSTRAINT delivery_once UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';

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
