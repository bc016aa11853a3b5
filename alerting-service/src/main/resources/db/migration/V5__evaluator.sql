-- The evaluator (Kafka Streams, exactly-once, one state per patient) now owns the alerts and the evidence of the rules:
-- this database is their read model, projected from alerting.alert.changed.v1 and alerting.command.outcome.v1, for the
-- worklist, search, detail and history. The tables the evaluation read back at every reading go.
DROP TABLE observation;
DROP TABLE processed_event;
DROP TABLE device_heartbeat;
-- one open alert per slot (a rule, or a rule and a device) is the evaluator's to keep; the read model follows it
DROP INDEX alert_one_open_per_rule;
DROP INDEX alert_escalation_due;
ALTER TABLE alert ADD COLUMN condition_cleared boolean NOT NULL DEFAULT false;
ALTER TABLE alert ADD COLUMN technical boolean NOT NULL DEFAULT false;
ALTER TABLE alert ADD COLUMN inhibited integer NOT NULL DEFAULT 0;
CREATE INDEX alert_patient ON alert (patient_id, raised_at);
