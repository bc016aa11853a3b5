package io.vigie.alerting.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.config.AlertingConfig;
import io.vigie.alerting.model.Alert;
import io.vigie.alerting.model.AlertEvent;
import io.vigie.alerting.model.CareTeamMemberRow;
import io.vigie.alerting.model.Silence;
import io.vigie.alerting.repository.AlertRepository;
import io.vigie.alerting.rules.Priority;
import io.vigie.alerting.rules.Rule;
import io.vigie.alerting.rules.Verdict;
import io.vigie.events.Topics;
import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Alerts and their history. One open alert per patient and rule: a repeat updates it (count, last value). Every
 * change is recorded as an alert event and published ({@code alerting.alert.changed.v1}) through the outbox, in the
 * caller's transaction. A high-priority alert that is not late gets an escalation deadline.
 */
@ApplicationScoped
public class AlertBook {

    /** What a verdict is about: whose, from which device, measured when, and the id that opens an episode. */
    public record Subject(String tenantId, UUID patientId, UUID deviceId, Instant measuredAt, boolean late, String episodeId, CarePlanV1 plan) {
    }

    public static final String SYSTEM = "system";

    private final AlertRepository alerts;
    private final Outbox outbox;
    private final AlertingConfig config;
    private final MeterRegistry metrics;
    private final Timer latency;
    private final String source;

    public AlertBook(AlertRepository alerts, Outbox outbox, AlertingConfig config, MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.alerts = alerts;
        this.outbox = outbox;
        this.config = config;
        this.metrics = metrics;
        this.source = source;
        this.latency = Timer.builder("vigie.alerting.evaluation.latency")
                .description("From the reading's measurement time to the alert being raised (late readings excluded)")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(metrics);
    }

    /** Applies a rule's verdict; returns the alert changed, or null when nothing changed. */
    public Uni<Alert> apply(Rule rule, Verdict v, Subject s) {
        return switch (v.state()) {
            case NONE -> Uni.createFrom().nullItem();
            case CLEAR -> rule.autoResolve() ? alerts.findOpen(s.patientId(), rule.key()).chain(open -> open == null
                    || s.measuredAt().isBefore(open.lastMeasuredAt) ? Uni.createFrom().nullItem()
                    : resolve(open, SYSTEM, null, "condition cleared: " + v.value(), "AUTO_RESOLVED")) : Uni.createFrom().nullItem();
            case TRIGGERED -> silenced(s.patientId(), rule.key()).chain(silenced -> {
                if (silenced) {
                    metrics.counter("vigie.alerting.alerts.silenced", "rule", rule.key()).increment();
                    return Uni.createFrom().nullItem();
                }
                return alerts.findOpen(s.patientId(), rule.key()).chain(open -> open == null ? raise(rule, v, s) : repeat(open, v, s));
            });
        };
    }

    /**
     * A timer's verdict (missed measurement, silent device): raised once per overdue deadline. Checking again while
     * nothing new happened changes nothing (no REPEATED every check, which would flood the stream and the webhooks).
     */
    public Uni<Alert> applyOverdue(Rule rule, Verdict v, Subject s) {
        return alerts.findOpen(s.patientId(), rule.key()).chain(open -> open != null && !s.measuredAt().isAfter(open.lastMeasuredAt)
                ? Uni.createFrom().nullItem() : apply(rule, v, s));
    }

    private Uni<Alert> raise(Rule rule, Verdict v, Subject s) {
        Instant now = Instant.now();
        Alert a = new Alert();
        a.id = UUID.randomUUID();
        a.alertKey = rule.key() + ":" + s.patientId() + ":" + s.episodeId();
        a.tenantId = s.tenantId();
        a.patientId = s.patientId();
        a.ruleKey = rule.key();
        a.kind = rule.kind();
        a.title = rule.title();
        a.priority = effectivePriority(v);
        a.status = Alert.Status.OPEN;
        a.late = s.late();
        a.clinicalGrade = v.clinicalGrade();
        a.lastValue = v.value();
        a.detail = v.detail();
        a.count = 1;
        a.deviceId = s.deviceId();
        a.firstMeasuredAt = s.measuredAt();
        a.lastMeasuredAt = s.measuredAt();
        a.raisedAt = now;
        a.updatedAt = now;
        if (a.priority == Priority.HIGH && !a.late) {
            a.escalationDueAt = v.escalateNow() ? now : now.plus(escalationDelay(s.plan()));
        }
        if (!s.late()) {
            latency.record(Duration.between(s.measuredAt(), now).abs());
        }
        metrics.counter("vigie.alerting.alerts", "rule", rule.key(), "priority", a.priority.name()).increment();
        return alerts.persist(a).call(() -> record(a, "RAISED", SYSTEM, v.value(), List.of()));
    }

    private Uni<Alert> repeat(Alert a, Verdict v, Subject s) {
        a.count++;
        a.lastValue = v.value();
        a.detail = v.detail();
        a.clinicalGrade |= v.clinicalGrade();
        if (s.measuredAt().isAfter(a.lastMeasuredAt)) {
            a.lastMeasuredAt = s.measuredAt();
        }
        Priority p = effectivePriority(v);
        if (p.ordinal() < a.priority.ordinal()) {
            a.priority = p; // worse than when raised
            if (p == Priority.HIGH && !s.late() && a.status == Alert.Status.OPEN && a.escalationDueAt == null) {
                a.escalationDueAt = Instant.now().plus(escalationDelay(s.plan()));
            }
        }
        a.updatedAt = Instant.now();
        return record(a, "REPEATED", SYSTEM, v.value(), List.of()).replaceWith(a);
    }

    /** Readings that are not clinical grade never raise a high-priority alert on their own. */
    static Priority effectivePriority(Verdict v) {
        return v.clinicalGrade() ? v.priority() : v.priority().atMost(Priority.MEDIUM);
    }

    public Uni<Alert> acknowledge(Alert a, String actor) {
        if (a.status != Alert.Status.OPEN) {
            return Uni.createFrom().item(a);
        }
        a.status = Alert.Status.ACKNOWLEDGED;
        a.acknowledgedAt = Instant.now();
        a.acknowledgedBy = actor;
        a.escalationDueAt = null; // acknowledged: no escalation
        a.updatedAt = Instant.now();
        return record(a, "ACKNOWLEDGED", actor, null, List.of()).replaceWith(a);
    }

    public Uni<Alert> assign(Alert a, String assignee, String actor) {
        a.assignedTo = assignee;
        a.updatedAt = Instant.now();
        return record(a, "ASSIGNED", actor, assignee, assignee == null ? List.of() : List.of(assignee)).replaceWith(a);
    }

    public Uni<Alert> comment(Alert a, String text, String actor) {
        a.updatedAt = Instant.now();
        return record(a, "COMMENTED", actor, text, List.of()).replaceWith(a);
    }

    public Uni<Alert> resolve(Alert a, String actor, Boolean actionable, String note, String type) {
        a.status = Alert.Status.RESOLVED;
        a.resolvedAt = Instant.now();
        a.resolvedBy = actor;
        a.actionable = actionable;
        a.resolutionNote = note;
        a.escalationDueAt = null;
        a.updatedAt = Instant.now();
        if (actionable != null) {
            metrics.counter("vigie.alerting.alerts.resolved", "rule", a.ruleKey, "actionable", actionable.toString()).increment();
        }
        return record(a, type, actor, note, List.of()).replaceWith(a);
    }

    /** Next escalation level: 1 re-notifies (assignee, else the hospital), 2 notifies the whole care team. */
    public Uni<Alert> escalate(Alert a, CarePlanV1 plan) {
        a.escalationLevel++;
        a.escalationDueAt = a.escalationLevel >= 2 ? null : Instant.now().plus(escalationDelay(plan));
        a.updatedAt = Instant.now();
        metrics.counter("vigie.alerting.escalations", "level", String.valueOf(a.escalationLevel), "rule", a.ruleKey).increment();
        Uni<List<String>> recipients = a.escalationLevel >= 2
                ? CareTeamMemberRow.<CareTeamMemberRow>find("id.patientId", a.patientId).list().map(l -> l.stream().map(m -> m.id.userId()).sorted().toList())
                : Uni.createFrom().item(a.assignedTo == null ? List.<String>of() : List.of(a.assignedTo));
        return recipients.chain(r -> record(a, "ESCALATED", SYSTEM, "level " + a.escalationLevel, r)).replaceWith(a);
    }

    private Uni<Void> record(Alert a, String type, String actor, String detail, List<String> recipients) {
        AlertEvent e = new AlertEvent();
        e.alertId = a.id;
        e.at = Instant.now();
        e.type = type;
        e.actor = actor;
        e.detail = detail;
        AlertChangedV1 change = new AlertChangedV1(UUID.randomUUID(), AlertChangedV1.TYPE, AlertChangedV1.VERSION, Instant.now(), source, a.tenantId,
                a.id, a.alertKey, a.patientId, a.ruleKey, a.title, a.priority.name(), a.status.name(), type, a.count, a.lastValue, a.lastMeasuredAt,
                a.late, a.clinicalGrade, a.escalationLevel, recipients, actor);
        io.opentelemetry.api.trace.Span.current().setAttribute(io.vigie.core.tracing.Tracing.ALERT, a.id.toString()); // ids only
        return e.persist().chain(() -> outbox.enqueue(Topics.ALERT_CHANGED, a.patientId.toString(), change));
    }

    private Uni<Boolean> silenced(UUID patientId, String ruleKey) {
        return Silence.count("patientId = ?1 and ruleKey = ?2 and until > ?3", patientId, ruleKey, Instant.now()).map(n -> n > 0);
    }

    Duration escalationDelay(CarePlanV1 plan) {
        if (plan != null && plan.enrollments() != null) {
            return plan.enrollments().stream().filter(e -> e.escalationMinutes() != null).map(e -> Duration.ofMinutes(e.escalationMinutes()))
                    .min(Duration::compareTo).orElse(config.escalationDelay());
        }
        return config.escalationDelay();
    }
}
