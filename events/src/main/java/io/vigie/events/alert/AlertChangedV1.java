package io.vigie.events.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An alert was raised, repeated, acknowledged, assigned, commented, escalated or resolved
 * ({@code alerting.alert.changed.v1}, key patientId). {@code recipients} lists the users to notify (escalation).
 * Since the evaluator owns the alerts, each change also carries the alert as it now is (from {@code revision} on,
 * additive fields, absent from older records), which is all the read model needs; build one with {@link #builder()}.
 *
 * @param revision          the alert's version, +1 at every change (the ETag of the alert)
 * @param conditionCleared  a high-priority alert nobody acknowledged, whose condition cleared: it stays open for a person
 * @param technical         about the monitoring itself (a rule that cannot be evaluated, a device), not the patient's state
 * @param inhibited         readings of an inhibited sensor that this (sensor-disconnected) alert held back
 * @param commandId         the person's command this change answers, when one did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertChangedV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source, String tenantId,
        UUID alertId, String alertKey, UUID patientId, String ruleKey, String title, String priority, String status, String change,
        int count, String lastValue, Instant measuredAt, boolean late, boolean clinicalGrade, int escalationLevel, List<String> recipients,
        String actorId, Long revision, String kind, String detail, UUID deviceId, Instant firstMeasuredAt, Instant raisedAt, Instant acknowledgedAt,
        String acknowledgedBy, String assignedTo, Instant resolvedAt, String resolvedBy, Boolean actionable, String resolutionNote,
        Instant escalationDueAt, Boolean conditionCleared, Boolean technical, Integer inhibited, UUID commandId, String changeDetail)
        implements VigieEvent {

    public static final String TYPE = "AlertChanged";
    public static final int VERSION = 1;

    public static Builder builder() {
        return new Builder();
    }

    /** Named fields: a change has too many for a positional constructor to be read safely. */
    public static final class Builder {
        private UUID eventId = UUID.randomUUID();
        private Instant occurredAt = Instant.now();
        private String source;
        private String tenantId;
        private UUID alertId;
        private String alertKey;
        private UUID patientId;
        private String ruleKey;
        private String title;
        private String priority;
        private String status;
        private String change;
        private int count;
        private String lastValue;
        private Instant measuredAt;
        private boolean late;
        private boolean clinicalGrade;
        private int escalationLevel;
        private List<String> recipients = List.of();
        private String actorId;
        private Long revision;
        private String kind;
        private String detail;
        private UUID deviceId;
        private Instant firstMeasuredAt;
        private Instant raisedAt;
        private Instant acknowledgedAt;
        private String acknowledgedBy;
        private String assignedTo;
        private Instant resolvedAt;
        private String resolvedBy;
        private Boolean actionable;
        private String resolutionNote;
        private Instant escalationDueAt;
        private Boolean conditionCleared;
        private Boolean technical;
        private Integer inhibited;
        private UUID commandId;
        private String changeDetail;

        public Builder eventId(UUID v) { eventId = v; return this; }
        public Builder occurredAt(Instant v) { occurredAt = v; return this; }
        public Builder source(String v) { source = v; return this; }
        public Builder tenantId(String v) { tenantId = v; return this; }
        public Builder alertId(UUID v) { alertId = v; return this; }
        public Builder alertKey(String v) { alertKey = v; return this; }
        public Builder patientId(UUID v) { patientId = v; return this; }
        public Builder ruleKey(String v) { ruleKey = v; return this; }
        public Builder title(String v) { title = v; return this; }
        public Builder priority(String v) { priority = v; return this; }
        public Builder status(String v) { status = v; return this; }
        public Builder change(String v) { change = v; return this; }
        public Builder count(int v) { count = v; return this; }
        public Builder lastValue(String v) { lastValue = v; return this; }
        public Builder measuredAt(Instant v) { measuredAt = v; return this; }
        public Builder late(boolean v) { late = v; return this; }
        public Builder clinicalGrade(boolean v) { clinicalGrade = v; return this; }
        public Builder escalationLevel(int v) { escalationLevel = v; return this; }
        public Builder recipients(List<String> v) { recipients = v == null ? List.of() : List.copyOf(v); return this; }
        public Builder actorId(String v) { actorId = v; return this; }
        public Builder revision(long v) { revision = v; return this; }
        public Builder kind(String v) { kind = v; return this; }
        public Builder detail(String v) { detail = v; return this; }
        public Builder deviceId(UUID v) { deviceId = v; return this; }
        public Builder firstMeasuredAt(Instant v) { firstMeasuredAt = v; return this; }
        public Builder raisedAt(Instant v) { raisedAt = v; return this; }
        public Builder acknowledgedAt(Instant v) { acknowledgedAt = v; return this; }
        public Builder acknowledgedBy(String v) { acknowledgedBy = v; return this; }
        public Builder assignedTo(String v) { assignedTo = v; return this; }
        public Builder resolvedAt(Instant v) { resolvedAt = v; return this; }
        public Builder resolvedBy(String v) { resolvedBy = v; return this; }
        public Builder actionable(Boolean v) { actionable = v; return this; }
        public Builder resolutionNote(String v) { resolutionNote = v; return this; }
        public Builder escalationDueAt(Instant v) { escalationDueAt = v; return this; }
        public Builder conditionCleared(boolean v) { conditionCleared = v ? Boolean.TRUE : null; return this; }
        public Builder technical(boolean v) { technical = v ? Boolean.TRUE : null; return this; }
        public Builder inhibited(int v) { inhibited = v == 0 ? null : v; return this; }
        public Builder commandId(UUID v) { commandId = v; return this; }
        public Builder changeDetail(String v) { changeDetail = v; return this; }

        public AlertChangedV1 build() {
            return new AlertChangedV1(eventId, TYPE, VERSION, occurredAt, source, tenantId, alertId, alertKey, patientId, ruleKey, title, priority,
                    status, change, count, lastValue, measuredAt, late, clinicalGrade, escalationLevel, recipients, actorId, revision, kind, detail,
                    deviceId, firstMeasuredAt, raisedAt, acknowledgedAt, acknowledgedBy, assignedTo, resolvedAt, resolvedBy, actionable, resolutionNote,
                    escalationDueAt, conditionCleared, technical, inhibited, commandId, changeDetail);
        }
    }
}
