-- Patients whose data was erased (GDPR art. 17): late readings and care plans of theirs are ignored.
CREATE TABLE erased_patient (
    patient_id  uuid PRIMARY KEY,
    tenant_id   text        NOT NULL,
    erased_at   timestamptz NOT NULL
);
