package io.vigie.alerting.readmodel;

import io.smallrye.mutiny.Uni;
import io.vigie.alerting.gdpr.PatientErasure;
import io.vigie.alerting.model.Alert;
import io.vigie.alerting.model.AlertEvent;
import io.vigie.alerting.repository.AlertRepository;
import io.vigie.alerting.rules.Priority;
import io.vigie.alerting.rules.RuleKind;
import io.vigie.events.Topics;
import io.vigie.events.alert.AlertChangedV1;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.inbox.InboxHandler;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The worklist, search, detail and history read model: each alert change (the alert as it now is) upserts the alert's
 * row — a change older than the row's revision is ignored — and adds its history entry, through the inbox (once per
 * change, offsets after the write, retried while the database is away: the evaluation goes on meanwhile).
 */
@ApplicationScoped
public class AlertProjection implements InboxHandler<AlertChangedV1> {

    static final String CONSUMER = "alerting-read-model";

    private final AlertRepository alerts;
    private final PatientErasure erasure;

    public AlertProjection(AlertRepository alerts, PatientErasure erasure) {
        this.alerts = alerts;
        this.erasure = erasure;
    }

    @Override
    public InboxConsumer<AlertChangedV1> consumer() {
        return InboxConsumer.of(CONSUMER, Topics.ALERT_CHANGED, AlertChangedV1.class, "alerting-read-model");
    }

    @Override
    public Uni<Void> handle(AlertChangedV1 c, InboxContext ctx) {
        if (c.revision() == null) {
            return Uni.createFrom().voidItem(); // written before the evaluator owned alerts: nothing to project
        }
        return PatientErasure.lock(c.patientId()).chain(() -> erasure.isErased(c.patientId())).chain(erased -> erased ? Uni.createFrom().voidItem()
                : alerts.findById(c.alertId()).chain(row -> {
                    if (row != null && row.version >= c.revision()) {
                        return Uni.createFrom().voidItem(); // older than what the row shows
                    }
                    Alert a = row == null ? new Alert() : row;
                    copy(c, a);
                    Uni<?> saved = row == null ? alerts.persist(a) : Uni.createFrom().item(a);
                    return saved.chain(() -> alerts.flush()).chain(() -> history(c));
                }));
    }

    private static Uni<Void> history(AlertChangedV1 c) {
        AlertEvent e = new AlertEvent();
        e.alertId = c.alertId();
        e.at = c.occurredAt();
        e.type = c.change();
        e.actor = c.actorId();
        e.detail = c.changeDetail();
        return e.persist().replaceWithVoid();
    }

    public static void copy(AlertChangedV1 c, Alert a) {
        a.id = c.alertId();
        a.alertKey = c.alertKey();
        a.tenantId = c.tenantId();
        a.patientId = c.patientId();
        a.ruleKey = c.ruleKey();
        a.kind = c.kind() == null ? RuleKind.DEVICE_EVENT : RuleKind.valueOf(c.kind());
        a.title = c.title();
        a.priority = Priority.valueOf(c.priority());
        a.status = Alert.Status.valueOf(c.status());
        a.late = c.late();
        a.clinicalGrade = c.clinicalGrade();
        a.lastValue = c.lastValue();
        a.detail = c.detail();
        a.count = c.count();
        a.deviceId = c.deviceId();
        a.firstMeasuredAt = c.firstMeasuredAt();
        a.lastMeasuredAt = c.measuredAt();
        a.raisedAt = c.raisedAt();
        a.updatedAt = c.occurredAt();
        a.acknowledgedAt = c.acknowledgedAt();
        a.acknowledgedBy = c.acknowledgedBy();
        a.assignedTo = c.assignedTo();
        a.resolvedAt = c.resolvedAt();
        a.resolvedBy = c.resolvedBy();
        a.actionable = c.actionable();
        a.resolutionNote = c.resolutionNote();
        a.escalationLevel = c.escalationLevel();
        a.escalationDueAt = c.escalationDueAt();
        a.conditionCleared = Boolean.TRUE.equals(c.conditionCleared());
        a.technical = Boolean.TRUE.equals(c.technical());
        a.inhibited = c.inhibited() == null ? 0 : c.inhibited();
        a.version = c.revision();
    }
}
