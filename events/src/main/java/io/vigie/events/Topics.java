package io.vigie.events;

/**
 * Kafka topic names ({@code <domain>.<entity>.<event>.v<major>}). Partitions, retention and compaction are in
 * {@code topics.tsv} next to this class's resources, the catalogue ./platform and k8s/ create topics from;
 * {@code TopicsTest} checks both agree.
 */
public final class Topics {
    public static final String DEVICE_STATE = "registry.device.state.v1";
    public static final String READING_ACCEPTED = "ingestion.reading.accepted.v1";
    public static final String READING_REJECTED = "ingestion.reading.rejected.v1";
    /** Readings of patients who withdrew consent: stored, never sent for alerting. */
    public static final String READING_QUARANTINED = "ingestion.reading.quarantined.v1";
    public static final String DEVICE_EVENT = "ingestion.device.event.v1";
    public static final String DEVICE_SEEN = "ingestion.device.seen.v1";
    public static final String ASSIGNMENT_STATE = "patient.assignment.state.v1";
    public static final String CAREPLAN_STATE = "patient.careplan.state.v1";
    public static final String CONSENT_STATE = "patient.consent.state.v1";
    public static final String PATIENT_ERASED = "patient.patient.erased.v1";
    public static final String ERASURE_COMPLETED = "platform.erasure.completed.v1";
    public static final String AUDIT_RECORDED = "platform.audit.recorded.v1";
    public static final String ALERT_CHANGED = "alerting.alert.changed.v1";
    /** What people do with alerts and rules, for the patient's evaluator (the single writer of their alerts). */
    public static final String ALERT_COMMAND = "alerting.alert.command.v1";
    /** The evaluator's answer to each command. */
    public static final String ALERT_COMMAND_OUTCOME = "alerting.command.outcome.v1";

    /** Dead-letter topic of a consumed topic. */
    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    private Topics() {
    }
}
