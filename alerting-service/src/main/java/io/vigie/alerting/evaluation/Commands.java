package io.vigie.alerting.evaluation;

import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.alert.AlertCommandOutcomeV1;
import io.vigie.events.alert.AlertCommandOutcomeV1.Result;
import io.vigie.events.alert.AlertCommandV1;
import io.vigie.events.alert.RuleCatalogue;
import io.vigie.events.audit.AuditRecordedV1;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What people do, applied by the patient's evaluator: checked once more here (the alert exists, is not resolved, has
 * the revision the caller saw), applied, answered ({@code alerting.command.outcome.v1}) and audited, in the same
 * transaction as the change itself.
 */
final class Commands {

    private final PatientEvaluator evaluator;
    private final Settings settings;

    Commands(PatientEvaluator evaluator, Settings settings) {
        this.evaluator = evaluator;
        this.settings = settings;
    }

    void apply(Patient p, AlertCommandV1 c, Instant now, Outputs out) {
        if (p.record.erased() || (p.record.tenantId != null && !p.record.tenantId.equals(c.tenantId()))) {
            refuse(c, Result.NOT_FOUND, "no such patient", out);
            return;
        }
        switch (c.command()) {
            case ACKNOWLEDGE, ASSIGN, RESOLVE, COMMENT -> onAlert(p, c, now, out);
            case SILENCE -> silence(p, c, now, out);
            case LIFT_SILENCE -> lift(p, c, now, out);
            case OVERRIDE_RULE -> override(p, c, now, out);
        }
    }

    private void onAlert(Patient p, AlertCommandV1 c, Instant now, Outputs out) {
        OpenAlert a = c.alertId() == null ? null : p.alerts.byId(c.alertId());
        if (a == null) {
            refuse(c, Result.NOT_FOUND, "no such alert", out);
            return;
        }
        if (c.expectedRevision() != null && c.expectedRevision() != a.revision) {
            refuse(c, Result.PRECONDITION_FAILED, "the alert changed since you read it (revision " + a.revision + "): read it again", out);
            return;
        }
        if (!a.open() && c.command() != AlertCommandV1.Command.COMMENT) {
            refuse(c, Result.CONFLICT, "the alert is already resolved", out);
            return;
        }
        AlertLifecycle life = evaluator.lifecycle();
        String slot = p.alerts.slotOf(a);
        switch (c.command()) {
            case ACKNOWLEDGE -> {
                if (a.status != OpenAlert.Status.OPEN) { // acknowledged already: answered as it is, nothing changes, nothing audited
                    out.outcome(AlertCommandOutcomeV1.of(settings.source(), c, Result.ACCEPTED, null,
                            life.snapshot(p, a, "ACKNOWLEDGED", c.actorId(), null, List.of(), c.eventId(), now), null, null));
                    return;
                }
                a.status = OpenAlert.Status.ACKNOWLEDGED;
                a.acknowledgedAt = now;
                a.acknowledgedBy = c.actorId();
                a.escalationDueAt = null; // acknowledged: no escalation
                p.cancel("esc:" + a.id);
                life.emit(p, a, "ACKNOWLEDGED", c.actorId(), null, List.of(), c.eventId(), now, collect(out, c, a));
            }
            case ASSIGN -> {
                a.assignedTo = c.assignee();
                life.emit(p, a, "ASSIGNED", c.actorId(), c.assignee(), c.assignee() == null ? List.of() : List.of(c.assignee()), c.eventId(), now,
                        collect(out, c, a));
            }
            case COMMENT -> {
                if (a.open()) {
                    life.emit(p, a, "COMMENTED", c.actorId(), c.text(), List.of(), c.eventId(), now, collect(out, c, a));
                } else { // a resolved alert's history takes comments too; its revision moves on
                    a.revision++;
                    a.updatedAt = now;
                    p.alertsChanged = true;
                    collect(out, c, a).alertChanged(life.snapshot(p, a, "COMMENTED", c.actorId(), c.text(), List.of(), c.eventId(), now));
                }
            }
            case RESOLVE -> life.resolve(p, slot, a, c.actorId(), c.actionable(), c.text(), "RESOLVED", c.eventId(), now, collect(out, c, a));
            default -> throw new IllegalStateException(c.command().name());
        }
        out.audit(AuditRecordedV1.success(settings.source(), c.tenantId(), c.actorId(), c.actorRoles(), verb(c.command()), "alert", a.id.toString(),
                c.purpose(), Map.of("patientId", p.id.toString(), "status", a.status.name(), "ruleKey", a.ruleKey)));
    }

    /** Emits the change, then answers the command with it. */
    private Outputs collect(Outputs out, AlertCommandV1 c, OpenAlert a) {
        return new Outputs() {
            @Override
            public void alertChanged(AlertChangedV1 change) {
                out.alertChanged(change);
                out.outcome(AlertCommandOutcomeV1.of(settings.source(), c, Result.ACCEPTED, null, change, null, null));
            }

            @Override
            public void outcome(AlertCommandOutcomeV1 outcome) {
                out.outcome(outcome);
            }

            @Override
            public void audit(AuditRecordedV1 record) {
                out.audit(record);
            }
        };
    }

    private void silence(Patient p, AlertCommandV1 c, Instant now, Outputs out) {
        if (RuleCatalogue.byKey(c.ruleKey()) == null) {
            refuse(c, Result.INVALID, "unknown rule " + c.ruleKey(), out);
            return;
        }
        if (c.until() == null || !c.until().isAfter(now) || c.until().isAfter(now.plus(Duration.ofDays(30)))) {
            refuse(c, Result.INVALID, "a silence ends in the future, within 30 days", out);
            return;
        }
        PatientRecord.SilenceEntry s = new PatientRecord.SilenceEntry();
        s.id = c.silenceId() == null ? UUID.randomUUID() : c.silenceId();
        s.ruleKey = c.ruleKey();
        s.reason = c.text();
        s.until = c.until();
        s.by = c.actorId();
        s.at = now;
        p.record.silences.put(s.id, s);
        p.schedule("silence:" + s.id, s.until.toEpochMilli());
        p.recordChanged = true;
        out.outcome(AlertCommandOutcomeV1.of(settings.source(), c, Result.ACCEPTED, null, null, null, view(s, false)));
        out.audit(AuditRecordedV1.success(settings.source(), c.tenantId(), c.actorId(), c.actorRoles(), "SILENCE", "rule", p.id + "/" + c.ruleKey(),
                c.purpose(), Map.of("patientId", p.id.toString(), "ruleKey", c.ruleKey(), "until", c.until().toString())));
    }

    private void lift(Patient p, AlertCommandV1 c, Instant now, Outputs out) {
        PatientRecord.SilenceEntry s = c.silenceId() == null ? null : p.record.silences.remove(c.silenceId());
        if (s == null) {
            refuse(c, Result.NOT_FOUND, "no such silence", out);
            return;
        }
        p.cancel("silence:" + s.id);
        p.recordChanged = true;
        out.outcome(AlertCommandOutcomeV1.of(settings.source(), c, Result.ACCEPTED, null, null, null, view(s, true)));
        out.audit(AuditRecordedV1.success(settings.source(), c.tenantId(), c.actorId(), c.actorRoles(), "LIFT_SILENCE", "rule",
                p.id + "/" + s.ruleKey, c.purpose(), Map.of("patientId", p.id.toString(), "ruleKey", s.ruleKey)));
    }

    private void override(Patient p, AlertCommandV1 c, Instant now, Outputs out) {
        List<RuleCatalogue.Violation> problems = RuleCatalogue.violations(c.ruleKey(), c.params());
        if (!problems.isEmpty()) {
            refuse(c, Result.INVALID, problems.get(0).field() + ": " + problems.get(0).message(), out);
            return;
        }
        PatientRecord.Override o = new PatientRecord.Override();
        o.enabled = c.enabled();
        o.params = c.params() == null ? null : new LinkedHashMap<>(c.params());
        o.by = c.actorId();
        o.at = now;
        p.record.overrides.put(c.ruleKey(), o);
        p.record.forgetRules();
        p.recordChanged = true;
        evaluator.reportBroken(p, now, out);
        out.outcome(AlertCommandOutcomeV1.of(settings.source(), c, Result.ACCEPTED, null, null,
                new AlertCommandOutcomeV1.RuleOverride(c.ruleKey(), o.enabled, o.params, o.by, o.at), null));
        out.audit(AuditRecordedV1.success(settings.source(), c.tenantId(), c.actorId(), c.actorRoles(), "OVERRIDE_RULE", "rule",
                p.id + "/" + c.ruleKey(), c.purpose(), Map.of("patientId", p.id.toString(), "ruleKey", c.ruleKey(),
                        "enabled", String.valueOf(o.enabled), "params", String.valueOf(o.params))));
    }

    private void refuse(AlertCommandV1 c, Result result, String reason, Outputs out) {
        out.outcome(AlertCommandOutcomeV1.of(settings.source(), c, result, reason, null, null, null));
    }

    private static AlertCommandOutcomeV1.Silence view(PatientRecord.SilenceEntry s, boolean lifted) {
        return new AlertCommandOutcomeV1.Silence(s.id, s.ruleKey, s.reason, s.until, s.by, s.at, lifted);
    }

    private static String verb(AlertCommandV1.Command c) {
        return switch (c) {
            case ACKNOWLEDGE -> "ACKNOWLEDGE";
            case ASSIGN -> "ASSIGN";
            case RESOLVE -> "RESOLVE";
            case COMMENT -> "COMMENT";
            default -> c.name();
        };
    }
}
