package io.vigie.alerting.model;

import io.vigie.alerting.rules.Priority;
import io.vigie.alerting.rules.RuleKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An alert as the read model holds it (projected from alerting.alert.changed.v1; the evaluator owns the alert itself). */
@Entity
@Table(name = "alert")
public class Alert {

    public enum Status {
        OPEN, ACKNOWLEDGED, RESOLVED
    }

    @Id
    public UUID id;
    @Column(name = "alert_key")
    public String alertKey;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "rule_key")
    public String ruleKey;
    @Enumerated(EnumType.STRING)
    public RuleKind kind;
    public String title;
    @Enumerated(EnumType.STRING)
    public Priority priority;
    @Enumerated(EnumType.STRING)
    public Status status;
    public boolean late;
    @Column(name = "clinical_grade")
    public boolean clinicalGrade;
    @Column(name = "last_value")
    public String lastValue;
    public String detail;
    public int count;
    @Column(name = "device_id")
    public UUID deviceId;
    @Column(name = "first_measured_at")
    public Instant firstMeasuredAt;
    @Column(name = "last_measured_at")
    public Instant lastMeasuredAt;
    @Column(name = "raised_at")
    public Instant raisedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
    @Column(name = "assigned_to")
    public String assignedTo;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "resolved_by")
    public String resolvedBy;
    public Boolean actionable;
    @Column(name = "resolution_note")
    public String resolutionNote;
    @Column(name = "escalation_level")
    public int escalationLevel;
    @Column(name = "escalation_due_at")
    public Instant escalationDueAt;
    @Column(name = "condition_cleared")
    public boolean conditionCleared;
    public boolean technical;
    public int inhibited;
    /** The evaluator's revision of the alert (its ETag): the projection keeps the newest. */
    public long version;

    public boolean isOpen() {
        return status != Status.RESOLVED;
    }
}
