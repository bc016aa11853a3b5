package io.vigie.alerting.rest;

import io.vigie.alerting.model.Alert;
import io.vigie.alerting.model.AlertEvent;
import io.vigie.alerting.rules.Priority;
import io.vigie.alerting.rules.RuleKind;
import io.vigie.events.alert.AlertChangedV1;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** API shapes of alerts (entities never leave the service). */
public final class AlertViews {

    private AlertViews() {
    }

    public record AlertView(UUID id, UUID patientId, String hospitalId, String ruleKey, RuleKind kind, String title, Priority priority,
            Alert.Status status, boolean late, boolean clinicalGrade, String lastValue, String detail, int count, UUID deviceId,
            Instant firstMeasuredAt, Instant lastMeasuredAt, Instant raisedAt, Instant acknowledgedAt, String acknowledgedBy, String assignedTo,
            Instant resolvedAt, String resolvedBy, Boolean actionable, int escalationLevel, Instant escalationDueAt, boolean conditionCleared,
            boolean technical, long version) {

        static AlertView of(Alert a) {
            return new AlertView(a.id, a.patientId, a.tenantId, a.ruleKey, a.kind, a.title, a.priority, a.status, a.late, a.clinicalGrade,
                    a.lastValue, a.detail, a.count, a.deviceId, a.firstMeasuredAt, a.lastMeasuredAt, a.raisedAt, a.acknowledgedAt, a.acknowledgedBy,
                    a.assignedTo, a.resolvedAt, a.resolvedBy, a.actionable, a.escalationLevel, a.escalationDueAt, a.conditionCleared, a.technical,
                    a.version);
        }

        /** The alert as the evaluator's change says it now is (the answer to an action, before the read model has it). */
        static AlertView of(AlertChangedV1 c) {
            Alert a = new Alert();
            io.vigie.alerting.readmodel.AlertProjection.copy(c, a);
            return of(a);
        }
    }

    public record HistoryEntry(Instant at, String type, String actor, String detail) {
        static HistoryEntry of(AlertEvent e) {
            return new HistoryEntry(e.at, e.type, e.actor, e.detail);
        }
    }

    public record AlertDetail(AlertView alert, List<HistoryEntry> history) {
    }

    /** The worklist groups open alerts per patient, most urgent first. */
    public record PatientAlerts(UUID patientId, String hospitalId, Priority highestPriority, List<AlertView> alerts) {
    }

    public record Assign(String userId) {
    }

    public record Resolve(@jakarta.validation.constraints.NotNull(message = "say whether the alert was actionable (alarm-fatigue metric)")
            Boolean actionable, @jakarta.validation.constraints.Size(max = 2000) String note) {
    }

    public record Comment(@jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 2000) String text) {
    }
}
