package io.vigie.alerting.evaluation;

import io.vigie.alerting.rules.Evaluator;
import io.vigie.alerting.rules.Priority;
import io.vigie.alerting.rules.Rule;
import io.vigie.alerting.rules.RuleKind;
import io.vigie.alerting.rules.Verdict;
import io.vigie.events.alert.AlertChangedV1;
import io.vigie.events.patient.CarePlanV1;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How a patient's alerts change: one open alert per slot (a rule, or a rule and a device); a repeat updates it; a
 * clear condition resolves it only after the hysteresis (never an unacknowledged high one: that stays, flagged
 * "condition cleared", for a person); worsening re-signals at once; a high alert that is not late escalates. Every
 * change bumps the alert's revision and is emitted whole.
 */
final class AlertLifecycle {

    static final String SYSTEM = "system";

    /** What a verdict is about: the device, when it was measured, whether late, the episode id, the patient's plan. */
    record Subject(UUID deviceId, Instant measuredAt, boolean late, String episodeId, CarePlanV1 plan, boolean fromInhibitedSensor) {
    }

    private final Settings settings;

    AlertLifecycle(Settings settings) {
        this.settings = settings;
    }

    static String slot(Rule rule, UUID deviceId) {
        boolean perDevice = rule.kind() == RuleKind.HEARTBEAT || rule.key().equals("event.sensor-disconnected") || rule.key().equals("event.battery-low")
                || rule.key().equals("event.data-rejected");
        return perDevice && deviceId != null ? rule.key() + "|" + deviceId : rule.key();
    }

    /** Applies a rule's verdict; returns the alert changed, or null. */
    OpenAlert apply(Patient p, Rule rule, Verdict v, Subject s, Instant now, Outputs out) {
        String slot = slot(rule, s.deviceId());
        OpenAlert open = p.alerts.open.get(slot);
        return switch (v.state()) {
            case NONE -> null;
            case CLEAR -> open == null || !rule.autoResolve() || s.fromInhibitedSensor() ? null : clear(p, slot, open, v, s, now, out);
            case TRIGGERED -> {
                if (silenced(p, rule.key(), now)) {
                    out.count("silenced", rule.key());
                    yield null;
                }
                yield open == null ? raise(p, slot, rule, v, s, now, out) : repeat(p, open, v, s, now, out);
            }
        };
    }

    private OpenAlert raise(Patient p, String slot, Rule rule, Verdict v, Subject s, Instant now, Outputs out) {
        OpenAlert a = new OpenAlert();
        a.id = UUID.randomUUID();
        a.alertKey = rule.key() + ":" + p.id + ":" + s.episodeId();
        a.ruleKey = rule.key();
        a.kind = rule.kind();
        a.title = rule.title();
        a.priority = effectivePriority(v);
        a.status = OpenAlert.Status.OPEN;
        a.late = s.late();
        a.clinicalGrade = v.clinicalGrade();
        a.lastValue = v.value();
        a.detail = v.detail();
        a.count = 1;
        a.deviceId = s.deviceId();
        a.firstMeasuredAt = s.measuredAt();
        a.lastMeasuredAt = s.measuredAt();
        a.raisedAt = now;
        a.band = Evaluator.band(v);
        a.technical = rule.key().startsWith(PatientEvaluator.BROKEN_RULE);
        p.alerts.open.put(slot, a);
        if (a.priority == Priority.HIGH && !a.late) {
            escalateAt(p, a, v.escalateNow() ? now : now.plus(escalationDelay(s.plan())));
        }
        emit(p, a, "RAISED", SYSTEM, v.value(), List.of(), null, now, out);
        return a;
    }

    private OpenAlert repeat(Patient p, OpenAlert a, Verdict v, Subject s, Instant now, Outputs out) {
        a.count++;
        a.lastValue = v.value();
        a.detail = v.detail();
        a.clinicalGrade |= v.clinicalGrade();
        if (s.measuredAt().isAfter(a.lastMeasuredAt)) {
            a.lastMeasuredAt = s.measuredAt();
        }
        // a new high verdict on an acknowledged alert: the condition had begun to clear, and is back
        boolean highAgain = a.status == OpenAlert.Status.ACKNOWLEDGED && a.clearCount > 0 && effectivePriority(v) == Priority.HIGH;
        a.clearCount = 0;
        a.clearSince = null;
        boolean wasCleared = a.conditionCleared;
        a.conditionCleared = false;
        String change = "REPEATED";
        List<String> recipients = List.of();
        Priority p2 = effectivePriority(v);
        String band = Evaluator.band(v);
        boolean worse = p2.ordinal() < a.priority.ordinal() || (v.escalateNow() && !"HIGH".equals(a.band)) || highAgain;
        if (p2.ordinal() < a.priority.ordinal()) {
            a.priority = p2;
        }
        a.band = band == null ? a.band : band;
        if (worse && !s.late()) { // worsening re-signals at once, even an acknowledged alert
            change = "WORSENED";
            a.status = OpenAlert.Status.OPEN;
            a.acknowledgedAt = null;
            a.acknowledgedBy = null;
            recipients = careTeam(s.plan());
            if (a.priority == Priority.HIGH) {
                escalateAt(p, a, now);
            }
        } else if (a.late && !s.late()) { // a backfilled alert confirmed by live readings: now an emergency like any other
            a.late = false;
            change = "CONFIRMED_LIVE";
            if (a.priority == Priority.HIGH && a.status == OpenAlert.Status.OPEN) {
                escalateAt(p, a, now.plus(escalationDelay(s.plan())));
            }
        } else if (wasCleared) {
            change = "CONDITION_RETURNED";
        }
        emit(p, a, change, SYSTEM, v.value(), recipients, null, now, out);
        return a;
    }

    private OpenAlert clear(Patient p, String slot, OpenAlert a, Verdict v, Subject s, Instant now, Outputs out) {
        if (s.measuredAt().isBefore(a.lastMeasuredAt)) {
            return null; // older than what raised it: says nothing of now
        }
        a.clearCount++;
        if (a.clearSince == null) {
            a.clearSince = s.measuredAt();
        }
        boolean enough = a.clearCount >= settings.autoResolveReadings()
                || Duration.between(a.clearSince, s.measuredAt()).compareTo(settings.autoResolveAfter()) >= 0;
        p.alertsChanged = true;
        if (!enough) {
            return null;
        }
        if (a.priority == Priority.HIGH && a.status == OpenAlert.Status.OPEN) { // nobody saw it: it does not disappear by itself
            if (a.conditionCleared) {
                return null;
            }
            a.conditionCleared = true;
            emit(p, a, "CONDITION_CLEARED", SYSTEM, "condition cleared: " + v.value(), List.of(), null, now, out);
            return a;
        }
        return resolve(p, slot, a, SYSTEM, null, "condition cleared: " + v.value(), "AUTO_RESOLVED", null, now, out);
    }

    /** Resolves now (a person, or the evaluator): the alert leaves the open slots. */
    OpenAlert resolve(Patient p, String slot, OpenAlert a, String actor, Boolean actionable, String note, String change, UUID commandId,
            Instant now, Outputs out) {
        a.status = OpenAlert.Status.RESOLVED;
        a.resolvedAt = now;
        a.resolvedBy = actor;
        a.actionable = actionable;
        a.resolutionNote = note;
        a.escalationDueAt = null;
        p.cancel("esc:" + a.id);
        p.alerts.closed(slot, a);
        emit(p, a, change, actor, note, List.of(), commandId, now, out);
        return a;
    }

    /** A missed measurement or a silent device, overdue: raised once per overdue deadline (never a repeat per check). */
    OpenAlert overdue(Patient p, Rule rule, Verdict v, Subject s, Instant now, Outputs out) {
        OpenAlert open = p.alerts.open.get(slot(rule, s.deviceId()));
        if (open != null) {
            return null;
        }
        return apply(p, rule, v, s, now, out);
    }

    /** The escalation deadline came: the next level (1 re-notifies the assignee, 2 the whole care team). */
    void escalate(Patient p, OpenAlert a, CarePlanV1 plan, Instant now, Outputs out) {
        if (a.status != OpenAlert.Status.OPEN || a.escalationDueAt == null || a.escalationDueAt.isAfter(now)) {
            return;
        }
        a.escalationLevel++;
        List<String> recipients = a.escalationLevel >= 2 ? careTeam(plan) : a.assignedTo == null ? List.of() : List.of(a.assignedTo);
        if (a.escalationLevel >= 2) {
            a.escalationDueAt = null;
        } else {
            escalateAt(p, a, now.plus(escalationDelay(plan)));
        }
        emit(p, a, "ESCALATED", SYSTEM, "level " + a.escalationLevel, recipients, null, now, out);
    }

    void escalateAt(Patient p, OpenAlert a, Instant due) {
        a.escalationDueAt = due;
        p.schedule("esc:" + a.id, due.toEpochMilli());
    }

    /** Emits the alert as it now is, its revision bumped. */
    void emit(Patient p, OpenAlert a, String change, String actor, String detail, List<String> recipients, UUID commandId, Instant now, Outputs out) {
        a.revision++;
        a.updatedAt = now;
        p.alertsChanged = true;
        out.alertChanged(snapshot(p, a, change, actor, detail, recipients, commandId, now));
    }

    AlertChangedV1 snapshot(Patient p, OpenAlert a, String change, String actor, String detail, List<String> recipients, UUID commandId, Instant now) {
        return AlertChangedV1.builder().source(settings.source()).occurredAt(now).tenantId(p.record.tenantId).alertId(a.id).alertKey(a.alertKey)
                .patientId(p.id).ruleKey(a.ruleKey).title(a.title).priority(a.priority.name()).status(a.status.name()).change(change)
                .count(a.count).lastValue(a.lastValue).measuredAt(a.lastMeasuredAt).late(a.late).clinicalGrade(a.clinicalGrade)
                .escalationLevel(a.escalationLevel).recipients(recipients).actorId(actor).revision(a.revision).kind(a.kind == null ? null : a.kind.name())
                .detail(a.detail).deviceId(a.deviceId).firstMeasuredAt(a.firstMeasuredAt).raisedAt(a.raisedAt).acknowledgedAt(a.acknowledgedAt)
                .acknowledgedBy(a.acknowledgedBy).assignedTo(a.assignedTo).resolvedAt(a.resolvedAt).resolvedBy(a.resolvedBy).actionable(a.actionable)
                .resolutionNote(a.resolutionNote).escalationDueAt(a.escalationDueAt).conditionCleared(a.conditionCleared).technical(a.technical)
                .inhibited(a.inhibited).commandId(commandId).changeDetail(detail).build();
    }

    /** Readings that are not clinical grade never raise a high-priority alert on their own. */
    static Priority effectivePriority(Verdict v) {
        return v.clinicalGrade() ? v.priority() : v.priority().atMost(Priority.MEDIUM);
    }

    static boolean silenced(Patient p, String ruleKey, Instant now) {
        for (PatientRecord.SilenceEntry s : p.record.silences.values()) {
            if (s.ruleKey.equals(ruleKey) && s.until.isAfter(now)) {
                return true;
            }
        }
        return false;
    }

    static List<String> careTeam(CarePlanV1 plan) {
        return plan == null || plan.careTeam() == null ? List.of() : plan.careTeam().stream().map(CarePlanV1.CareTeamMember::userId).sorted().toList();
    }

    Duration escalationDelay(CarePlanV1 plan) {
        if (plan != null && plan.enrollments() != null) {
            return plan.enrollments().stream().filter(e -> e.escalationMinutes() != null).map(e -> Duration.ofMinutes(e.escalationMinutes()))
                    .min(Duration::compareTo).orElse(settings.escalationDelay());
        }
        return settings.escalationDelay();
    }
}
