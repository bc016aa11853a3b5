package io.vigie.alerting.readmodel;

import io.smallrye.mutiny.Uni;
import io.vigie.alerting.gdpr.PatientErasure;
import io.vigie.alerting.model.Alert;
import io.vigie.alerting.repository.AlertRepository;
import io.vigie.alerting.rules.Priority;
import io.vigie.alerting.rules.RuleKind;
import io.vigie.events.Topics;
import io.vigie.events.alert.AlertChangedV1;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.inbox.InboxBatchHandler;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The worklist, search, detail and history read model: each alert change (the alert as it now is) upserts the alert's
 * row — a change older than the row's revision is ignored — and adds its history entry, through the inbox (once per
 * change, offsets after the write, retried while the database is away: the evaluation goes on meanwhile). The changes
 * of one poll are written in one transaction (a few statements whatever their number): under load the projection
 * keeps up with the evaluator instead of spending a transaction per change.
 */
@ApplicationScoped
public class AlertProjection implements InboxBatchHandler<AlertChangedV1> {

    static final String CONSUMER = "alerting-read-model";

    private final AlertRepository alerts;
    private final PatientErasure erasure;

    public AlertProjection(AlertRepository alerts, PatientErasure erasure) {
        this.alerts = alerts;
        this.erasure = erasure;
    }

    @Override
    public InboxConsumer<AlertChangedV1> consumer() {
        return InboxConsumer.of(CONSUMER, Topics.ALERT_CHANGED, AlertChangedV1.class, "alerting-read-model").maxRecords(500);
    }

    @Override
    public Uni<Void> handle(List<AlertChangedV1> changes, InboxContext ctx) {
        List<AlertChangedV1> owned = changes.stream().filter(c -> c.revision() != null).toList(); // null: written before the evaluator owned alerts
        if (owned.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> patients = owned.stream().map(AlertChangedV1::patientId).distinct().toList();
        return PatientErasure.lock(patients).chain(() -> erasure.erased(patients)).chain(erased -> {
            List<AlertChangedV1> kept = owned.stream().filter(c -> !erased.contains(c.patientId())).toList();
            if (kept.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return alerts.list("id in ?1", kept.stream().map(AlertChangedV1::alertId).distinct().toList()).chain(rows -> apply(kept, rows));
        });
    }

    /** Rows updated (managed: flushed at commit) or created, and one history entry per change newer than its row. */
    private Uni<Void> apply(List<AlertChangedV1> changes, List<Alert> rows) {
        Map<UUID, Alert> byId = new HashMap<>();
        rows.forEach(a -> byId.put(a.id, a));
        List<Alert> created = new ArrayList<>();
        List<AlertChangedV1> applied = new ArrayList<>();
        for (AlertChangedV1 c : changes) { // one partition's changes in their order: an alert's revisions ascending
            Alert a = byId.get(c.alertId());
            if (a != null && a.version >= c.revision()) {
                continue; // older than what the row shows (a replay, or another instance's late write)
            }
            if (a == null) {
                a = new Alert();
                byId.put(c.alertId(), a);
                created.add(a);
            }
            copy(c, a);
            applied.add(c);
        }
        if (applied.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> saved = created.isEmpty() ? Uni.createFrom().voidItem() : alerts.persist(created);
        return saved.chain(() -> alerts.flush()).chain(() -> history(applied));
    }

    /** The history entries of {@code changes}, in one statement. */
    private static Uni<Void> history(List<AlertChangedV1> changes) {
        StringBuilder sql = new StringBuilder("insert into alert_event (alert_id, at, type, actor, detail) values ");
        for (int i = 0; i < changes.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:a").append(i).append(", :t").append(i).append(", :y").append(i).append(", :u").append(i)
                    .append(", :d").append(i).append(')');
        }
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql.toString());
            for (int i = 0; i < changes.size(); i++) {
                AlertChangedV1 c = changes.get(i);
                q.setParameter("a" + i, c.alertId()).setParameter("t" + i, c.occurredAt()).setParameter("y" + i, c.change())
                        .setParameter("u" + i, c.actorId()).setParameter("d" + i, c.changeDetail());
            }
            return q.executeUpdate();
        }).replaceWithVoid();
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
