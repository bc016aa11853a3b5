package io.vigie.alerting.evaluation;

import io.vigie.alerting.evaluation.AlertLifecycle.Subject;
import io.vigie.alerting.rules.DefaultRules;
import io.vigie.alerting.rules.Evaluator;
import io.vigie.alerting.rules.Observation;
import io.vigie.alerting.rules.Priority;
import io.vigie.alerting.rules.Rule;
import io.vigie.alerting.rules.RuleKind;
import io.vigie.alerting.rules.Verdict;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Judges one patient's inputs against their rules, in memory: care plans, readings, device events, erasure and the
 * deadlines that come due. The single writer of the patient's alerts (see {@link AlertLifecycle}); pure apart from the
 * patient it is given and the outputs it emits, so it runs the same in Kafka Streams, in a test driver and in JMH.
 */
public final class PatientEvaluator {

    /** How the evaluator writes an input it keeps for later (pending, held) and reads it back. */
    public interface Reader {
        ReadingAcceptedV1 reading(String json);

        DeviceEventV1 event(String json);

        String json(ReadingAcceptedV1 r);
    }

    /** The rule key prefix of the technical alert that says a patient's rule is off (its override cannot be applied). */
    static final String BROKEN_RULE = "rule.broken.";

    static final Set<String> BP_PANEL = Set.of("8480-6", "8462-4");

    private final Settings settings;
    private final AlertLifecycle lifecycle;
    private final Reader reader;

    public PatientEvaluator(Settings settings, Reader reader) {
        this.settings = settings;
        this.lifecycle = new AlertLifecycle(settings);
        this.reader = reader;
    }

    AlertLifecycle lifecycle() {
        return lifecycle;
    }

    // ------------------------------------------------------------------------------------------------ care plans

    public void onCarePlan(Patient p, CarePlanV1 plan, Instant now, Outputs out) {
        PatientRecord r = p.record;
        if (r.erased() || (r.plan != null && r.plan.occurredAt() != null && plan.occurredAt() != null && r.plan.occurredAt().isAfter(plan.occurredAt()))) {
            return; // an erased patient, or an older plan delivered late
        }
        r.plan = plan;
        r.tenantId = plan.tenantId();
        r.forgetRules();
        p.recordChanged = true;
        reportBroken(p, now, out);
        scheduleMissed(p, now);
        scheduleSilent(p, now);
        if (!r.pending.isEmpty()) { // what came before the plan is judged now, in measurement order, flagged late when old
            List<PatientRecord.Pending> waiting = new ArrayList<>(r.pending);
            r.pending.clear();
            p.cancel("pending");
            waiting.sort((a, b) -> Long.compare(a.measuredAt, b.measuredAt));
            for (PatientRecord.Pending w : waiting) {
                if (w.topic.equals(PENDING_READING)) {
                    judgeReading(p, reader.reading(w.value), now, out, true);
                } else {
                    judgeEvent(p, reader.event(w.value), now, out, true);
                }
            }
        }
    }

    /** Missed-measurement deadlines of the active schedules, counted from the last reading of the code or the enrollment. */
    private void scheduleMissed(Patient p, Instant now) {
        Set<String> wanted = new HashSet<>();
        for (Rule rule : rules(p, now)) {
            if (rule.kind() != RuleKind.MISSED || !rule.enabled()) {
                continue;
            }
            wanted.add("missed:" + rule.code());
            if (!p.record.deadlines.containsKey("missed:" + rule.code())) {
                p.schedule("missed:" + rule.code(), dueOfMissed(p, rule).toEpochMilli());
            }
        }
        new ArrayList<>(p.record.deadlines.keySet()).stream().filter(d -> d.startsWith("missed:") && !wanted.contains(d)).forEach(p::cancel);
    }

    /** Silent-device deadlines of the devices heard before the plan was known (only a later heartbeat would set them). */
    private void scheduleSilent(Patient p, Instant now) {
        Rule rule = rules(p, now).stream().filter(r -> r.kind() == RuleKind.HEARTBEAT && r.enabled()).findFirst().orElse(null);
        if (rule == null) {
            return;
        }
        p.evidence.heartbeats.forEach((device, last) -> {
            if (!device.equals("-") && !p.record.deadlines.containsKey("hb:" + device)) {
                p.schedule("hb:" + device, last + rule.heartbeatTimeout().toMillis());
            }
        });
    }

    private Instant dueOfMissed(Patient p, Rule rule) {
        return lastOf(p, rule.code()).plus(rule.period()).plus(rule.grace());
    }

    private Instant lastOf(Patient p, String code) {
        Evidence.Point last = p.evidence.latest.get(code);
        if (last != null) {
            return Instant.ofEpochMilli(last.t);
        }
        CarePlanV1 plan = p.record.plan;
        return plan == null || plan.enrollments() == null ? Instant.EPOCH : plan.enrollments().stream()
                .map(e -> e.start().atStartOfDay(ZoneOffset.UTC).toInstant()).min(Instant::compareTo).orElse(Instant.EPOCH);
    }

    // ------------------------------------------------------------------------------------------------ readings

    static final String PENDING_READING = "reading";
    /** What a patient's inputs waiting for their plan may take, at most, in their stored record. */
    static final long PENDING_MAX_BYTES = 512 * 1024;
    static final String PENDING_EVENT = "event";

    /** A reading (already recognized as new); kept for later when the patient's plan is not known yet. */
    public void onReading(Patient p, ReadingAcceptedV1 r, String raw, Instant now, Outputs out) {
        if (p.record.erased() || r.quarantine() != null) {
            return;
        }
        if (p.record.plan == null) {
            keep(p, PENDING_READING, raw, r.measuredAt(), now, out);
            return;
        }
        judgeReading(p, r, now, out, false);
    }

    /**
     * {@code deferred}: judged after it was kept (pending a plan, held by an inhibition), so old by now means late; a live input is
     * late only as ingestion flagged it (an evaluator that lags or restores must not make live deteriorations late).
     */
    private void judgeReading(Patient p, ReadingAcceptedV1 r, Instant now, Outputs out, boolean deferred) {
        Observation obs = observation(r);
        Set<String> carried = carried(obs);
        String device = r.deviceId() == null ? "-" : r.deviceId().toString();
        boolean continuous = r.deviceKind() != null && r.deviceKind().continuous();
        boolean late = r.late() || (deferred && r.measuredAt().isBefore(now.minus(settings.lateAfter())));
        List<Rule> rules = rules(p, now);
        String inhibition = inhibitionOf(p, device, carried);
        if (inhibition != null) {
            if (anyThresholdViolated(rules, obs)) { // held: the sensor is not trusted until it sends a valid reading
                hold(p, inhibition, r, now, out);
                return;
            }
            lift(p, inhibition, "valid reading", true, now, out); // a valid reading: the sensor is back, what it held is re-judged
        }
        Subject s = new Subject(r.deviceId(), r.measuredAt(), late, r.readingId().toString(), p.record.plan, inhibition != null);
        List<Set<String>> codes = p.record.ruleCodes;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (!rule.enabled() || !concerns(codes.get(i), carried)) {
                continue;
            }
            Verdict v;
            switch (rule.kind()) {
                case THRESHOLD -> {
                    Evidence.Streak streak = p.evidence.streaks.computeIfAbsent(rule.key() + "|" + device, k -> new Evidence.Streak());
                    Evaluator.extend(rule, obs, streak, continuous);
                    v = Evaluator.threshold(rule, obs, streak, continuous);
                    if (streak.n == 0) {
                        p.evidence.streaks.remove(rule.key() + "|" + device);
                    }
                }
                case TREND -> {
                    List<Evidence.Bucket> minima = p.evidence.trends.computeIfAbsent(rule.code(), k -> new ArrayList<>());
                    v = Evaluator.trend(rule, obs, minima);
                    Evaluator.remember(obs, rule.code(), minima, rule.window());
                }
                case NEWS2 -> {
                    remember(p, obs);
                    v = Evaluator.news2(rule, obs, p.evidence.latest, p.record.plan);
                }
                case MISSED -> {
                    resolveMissed(p, rule, obs, now, out);
                    continue;
                }
                default -> {
                    continue;
                }
            }
            lifecycle.apply(p, rule, v, s, now, out);
        }
        remember(p, obs);
        p.evidenceChanged = true;
    }

    /** The latest value of each code the reading carries (NEWS2 parameters, missed measurements). */
    private static void remember(Patient p, Observation obs) {
        long t = obs.measuredAt().toEpochMilli();
        if (obs.code() != null && (obs.value() != null || obs.valueCode() != null)) {
            put(p, obs.code(), t, obs.value() == null ? 0 : obs.value(), obs.valueCode(), obs.clinicalGrade());
        }
        if (obs.components() != null) {
            obs.components().forEach((code, value) -> put(p, code, t, value, null, obs.clinicalGrade()));
        }
    }

    private static void put(Patient p, String code, long t, double v, String c, boolean g) {
        Evidence.Point old = p.evidence.latest.get(code);
        if (old == null || old.t <= t) {
            p.evidence.latest.put(code, new Evidence.Point(t, v, c, g));
        }
    }

    private void resolveMissed(Patient p, Rule rule, Observation obs, Instant now, Outputs out) {
        String slot = AlertLifecycle.slot(rule, null);
        OpenAlert open = p.alerts.open.get(slot);
        if (open != null) {
            lifecycle.resolve(p, slot, open, AlertLifecycle.SYSTEM, null, "received " + obs.code(), "AUTO_RESOLVED", null, now, out);
        }
    }

    // ------------------------------------------------------------------------------------------------ device events

    public void onDeviceEvent(Patient p, DeviceEventV1 e, String raw, Instant now, Outputs out) {
        if (p.record.erased()) {
            return;
        }
        boolean implanted = e.deviceKind() != null && e.deviceKind().implanted();
        if (p.record.plan == null && !implanted && "heartbeat".equals(e.event())) { // nothing to judge later: only when it was alive
            p.evidence.heartbeats.merge(e.deviceId() == null ? "-" : e.deviceId().toString(), e.happenedAt().toEpochMilli(), Math::max);
            p.evidenceChanged = true;
            return;
        }
        if (p.record.plan == null && !implanted) {
            keep(p, PENDING_EVENT, raw, e.happenedAt(), now, out);
            return;
        }
        if (p.record.tenantId == null) {
            p.record.tenantId = e.tenantId();
            p.recordChanged = true;
        }
        judgeEvent(p, e, now, out, false);
    }

    private void judgeEvent(Patient p, DeviceEventV1 e, Instant now, Outputs out, boolean deferred) {
        boolean late = e.late() || (deferred && e.happenedAt().isBefore(now.minus(settings.lateAfter())));
        Subject s = new Subject(e.deviceId(), e.happenedAt(), late, e.eventId().toString(), p.record.plan, false);
        String device = e.deviceId() == null ? "-" : e.deviceId().toString();
        List<Rule> rules = p.record.plan == null ? DefaultRules.IMPLANTED : rules(p, now);
        if ("heartbeat".equals(e.event())) {
            heartbeat(p, rules, e, s, now, out);
        }
        if ("sensor-disconnected".equals(e.event())) {
            Evidence.Inhibition i = p.evidence.inhibitions.computeIfAbsent(Sensors.key(device, e.detail() == null ? null : e.detail().get("sensor")),
                    k -> new Evidence.Inhibition());
            if (i.since == 0) {
                i.since = e.happenedAt().toEpochMilli();
            }
            i.until = now.plus(settings.inhibitionMax()).toEpochMilli();
            p.schedule("inhibit:" + Sensors.key(device, e.detail() == null ? null : e.detail().get("sensor")), i.until);
            p.evidenceChanged = true;
        }
        for (Rule rule : rules) {
            if (rule.enabled() && rule.kind() == RuleKind.DEVICE_EVENT) {
                lifecycle.apply(p, rule, Evaluator.event(rule, e.event(), e.detail(), e.clinicalGrade(), p.record.plan), s, now, out);
            }
        }
    }

    private void heartbeat(Patient p, List<Rule> rules, DeviceEventV1 e, Subject s, Instant now, Outputs out) {
        String device = e.deviceId().toString();
        Long last = p.evidence.heartbeats.get(device);
        if (last != null && last >= e.happenedAt().toEpochMilli()) {
            return;
        }
        p.evidence.heartbeats.put(device, e.happenedAt().toEpochMilli());
        p.evidenceChanged = true;
        for (Rule rule : rules) {
            if (rule.kind() == RuleKind.HEARTBEAT && rule.enabled()) {
                if (!p.record.deadlines.containsKey("hb:" + device)) {
                    p.schedule("hb:" + device, e.happenedAt().plus(rule.heartbeatTimeout()).toEpochMilli());
                }
                String slot = AlertLifecycle.slot(rule, e.deviceId());
                OpenAlert open = p.alerts.open.get(slot);
                if (open != null) {
                    lifecycle.resolve(p, slot, open, AlertLifecycle.SYSTEM, null, "heartbeat received", "AUTO_RESOLVED", null, now, out);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ inhibitions

    private static String inhibitionOf(Patient p, String device, Set<String> carried) {
        for (String key : p.evidence.inhibitions.keySet()) {
            if (Sensors.holds(key, device, carried)) {
                return key;
            }
        }
        return null;
    }

    private static boolean anyThresholdViolated(List<Rule> rules, Observation obs) {
        for (Rule rule : rules) {
            if (rule.enabled() && rule.kind() == RuleKind.THRESHOLD && Evaluator.violated(rule, obs) != null) {
                return true;
            }
        }
        return false;
    }

    private void hold(Patient p, String key, ReadingAcceptedV1 r, Instant now, Outputs out) {
        Evidence.Inhibition i = p.evidence.inhibitions.get(key);
        i.held++;
        i.readings.add(readingJson(r));
        while (i.readings.size() > 50) {
            i.readings.remove(0);
        }
        p.evidenceChanged = true;
        OpenAlert disconnected = p.alerts.open.get("event.sensor-disconnected|" + r.deviceId());
        if (disconnected != null) {
            disconnected.inhibited = i.held;
            lifecycle.emit(p, disconnected, "HELD", AlertLifecycle.SYSTEM, i.held + " reading(s) held", List.of(), null, now, out);
        }
    }

    /** The sensor is trusted again (a valid reading, or 24 h passed): what it held is judged now. */
    void lift(Patient p, String key, String why, boolean sensorBack, Instant now, Outputs out) {
        Evidence.Inhibition i = p.evidence.inhibitions.remove(key);
        p.cancel("inhibit:" + key);
        p.evidenceChanged = true;
        if (i == null) {
            return;
        }
        String device = key.substring(0, key.indexOf('|'));
        String slot = "event.sensor-disconnected|" + device;
        OpenAlert disconnected = p.alerts.open.get(slot);
        // only a valid reading says the sensor is back; 24 h without one resolve nothing (the alert stays for a person)
        if (disconnected != null && sensorBack) {
            lifecycle.resolve(p, slot, disconnected, AlertLifecycle.SYSTEM, null, "sensor back (" + why + "), " + i.held + " held reading(s) re-judged",
                    "AUTO_RESOLVED", null, now, out);
        }
        for (String held : i.readings) {
            ReadingAcceptedV1 r = reader.reading(held);
            if (r != null) {
                judgeReading(p, r, now, out, true);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ pending inputs

    private void keep(Patient p, String kind, String raw, Instant measuredAt, Instant now, Outputs out) {
        PatientRecord.Pending w = new PatientRecord.Pending();
        w.topic = kind;
        w.value = raw;
        w.receivedAt = now.toEpochMilli();
        w.measuredAt = measuredAt == null ? now.toEpochMilli() : measuredAt.toEpochMilli();
        p.record.pending.add(w);
        long bytes = 0;
        for (PatientRecord.Pending kept : p.record.pending) {
            bytes += kept.value.length();
        }
        // bounded in count and in size: the record is one value of a changelog topic, whose records Kafka caps (1 MiB)
        while (p.record.pending.size() > settings.pendingLimit() || bytes > PENDING_MAX_BYTES) {
            bytes -= p.record.pending.remove(0).value.length();
            out.count("pending-dropped", null);
        }
        if (!p.record.deadlines.containsKey("pending")) {
            p.schedule("pending", now.plus(settings.pendingMax()).toEpochMilli());
        }
        p.recordChanged = true;
        out.count("pending", null);
    }

    // ------------------------------------------------------------------------------------------------ erasure

    /** GDPR erasure: everything about the patient goes; a marker stays so that late inputs are ignored. */
    public void onErased(Patient p, PatientErasedV1 e, Instant now) {
        new ArrayList<>(p.record.deadlines.keySet()).forEach(p::cancel);
        PatientRecord r = p.record;
        r.plan = null;
        r.overrides.clear();
        r.silences.clear();
        r.pending.clear();
        r.broken.clear();
        r.erasedAt = now;
        r.tenantId = e.tenantId();
        r.forgetRules();
        p.evidence.latest.clear();
        p.evidence.streaks.clear();
        p.evidence.trends.clear();
        p.evidence.heartbeats.clear();
        p.evidence.inhibitions.clear();
        p.alerts.open.clear();
        p.alerts.resolved.clear();
        p.recordChanged = true;
        p.evidenceChanged = true;
        p.alertsChanged = true;
    }

    // ------------------------------------------------------------------------------------------------ deadlines

    /**
     * A deadline came due (the punctuator removed it from the index already); false when the index entry was stale (the
     * patient's record sets that deadline at another time, or no longer), and nothing was done.
     */
    public boolean onDeadline(Patient p, String id, long dueMs, Instant now, Outputs out) {
        Long due = p.record.deadlines.get(id);
        if (due == null || due != dueMs) {
            return false;
        }
        p.record.deadlines.remove(id);
        p.recordChanged = true;
        if (p.record.erased()) {
            return true;
        }
        if (id.startsWith("esc:")) {
            OpenAlert a = p.alerts.byId(UUID.fromString(id.substring(4)));
            if (a != null && a.open()) {
                lifecycle.escalate(p, a, p.record.plan, now, out);
            }
        } else if (id.startsWith("missed:")) {
            missed(p, id.substring(7), now, out);
        } else if (id.startsWith("hb:")) {
            silent(p, id.substring(3), now, out);
        } else if (id.startsWith("silence:")) {
            p.record.silences.remove(UUID.fromString(id.substring(8)));
        } else if (id.startsWith("inhibit:")) {
            lift(p, id.substring(8), "24 h passed", false, now, out);
        } else if (id.equals("pending")) {
            long limit = now.minus(settings.pendingMax()).toEpochMilli();
            int before = p.record.pending.size();
            p.record.pending.removeIf(w -> w.receivedAt <= limit);
            for (int i = p.record.pending.size(); i < before; i++) {
                out.count("pending-expired", null);
            }
            if (!p.record.pending.isEmpty()) {
                p.schedule("pending", p.record.pending.get(0).receivedAt + settings.pendingMax().toMillis());
            }
        }
        return true;
    }

    private void missed(Patient p, String code, Instant now, Outputs out) {
        Rule rule = rules(p, now).stream().filter(r -> r.kind() == RuleKind.MISSED && r.enabled() && r.code().equals(code)).findFirst().orElse(null);
        if (rule == null) {
            return; // no longer scheduled
        }
        Instant since = lastOf(p, code);
        Instant due = since.plus(rule.period()).plus(rule.grace());
        if (now.isBefore(due)) {
            p.schedule("missed:" + code, due.toEpochMilli()); // a reading came meanwhile
            return;
        }
        Verdict v = Verdict.triggered(rule.priority(), "no " + code + " since " + since, "expected every " + rule.period() + " (+ " + rule.grace()
                + " grace)", true);
        lifecycle.overdue(p, rule, v, new Subject(null, due, false, "missed-" + due.toEpochMilli(), p.record.plan, false), now, out);
        // checked again a period later: still overdue then (resolved meanwhile by a person), it is a new episode
        p.schedule("missed:" + code, now.plus(rule.period()).toEpochMilli());
    }

    private void silent(Patient p, String device, Instant now, Outputs out) {
        Rule rule = rules(p, now).stream().filter(r -> r.kind() == RuleKind.HEARTBEAT && r.enabled()).findFirst().orElse(null);
        Long last = p.evidence.heartbeats.get(device);
        if (rule == null || last == null) {
            return;
        }
        Instant due = Instant.ofEpochMilli(last).plus(rule.heartbeatTimeout());
        if (now.isBefore(due)) {
            p.schedule("hb:" + device, due.toEpochMilli());
            return;
        }
        UUID deviceId = UUID.fromString(device);
        Verdict v = Verdict.triggered(rule.priority(), "no heartbeat since " + Instant.ofEpochMilli(last), "device " + device, true);
        lifecycle.overdue(p, rule, v, new Subject(deviceId, due, false, device + "@" + last, p.record.plan, false), now, out);
        p.schedule("hb:" + device, now.plus(rule.heartbeatTimeout()).toEpochMilli());
    }

    // ------------------------------------------------------------------------------------------------ rules

    /** The patient's effective rules today; an override that cannot be applied disables its rule and says so once. */
    List<Rule> rules(Patient p, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        PatientRecord r = p.record;
        if (r.rules != null && day.equals(r.rulesDay)) {
            return r.rules;
        }
        List<CarePlanV1.RuleOverride> overrides = new ArrayList<>();
        r.overrides.forEach((key, o) -> overrides.add(new CarePlanV1.RuleOverride(key, o.enabled, o.params)));
        DefaultRules.Effective effective = DefaultRules.effective(r.plan, day, overrides);
        r.rules = effective.rules();
        r.ruleCodes = r.rules.stream().map(Rule::codes).toList();
        r.rulesDay = day;
        return r.rules;
    }

    /** The overrides that could not be applied, and a technical alert for each one not reported yet. */
    void reportBroken(Patient p, Instant now, Outputs out) {
        List<CarePlanV1.RuleOverride> overrides = new ArrayList<>();
        p.record.overrides.forEach((key, o) -> overrides.add(new CarePlanV1.RuleOverride(key, o.enabled, o.params)));
        Map<String, String> broken = DefaultRules.effective(p.record.plan, LocalDate.ofInstant(now, ZoneOffset.UTC), overrides).broken();
        for (Map.Entry<String, String> b : broken.entrySet()) {
            if (p.record.broken.add(b.getKey())) {
                p.recordChanged = true;
                Rule technical = new Rule(BROKEN_RULE + b.getKey(), RuleKind.DEVICE_EVENT, "Rule " + b.getKey() + " cannot be evaluated", Priority.LOW,
                        true, false, null, null, null, null, null, null, null, null, List.of("rule-broken"), false, null, null);
                lifecycle.apply(p, technical, Verdict.triggered(Priority.LOW, "rule " + b.getKey() + " off for this patient",
                        b.getValue(), true), new Subject(null, now, false, "broken-" + b.getKey(), p.record.plan, false), now, out);
            }
        }
        p.record.broken.removeIf(k -> !broken.containsKey(k));
    }

    private static boolean concerns(Set<String> codes, Set<String> carried) {
        for (String c : carried) { // a reading carries one code, or a panel's few
            if (codes.contains(c)) {
                return true;
            }
        }
        return false;
    }

    static Set<String> carried(Observation obs) {
        if (obs.components() == null) { // the common case: one code (an immutable set of one iterates for nothing)
            return obs.code() == null ? Set.of() : Set.of(obs.code());
        }
        Set<String> out = new HashSet<>();
        if (obs.code() != null) {
            out.add(obs.code());
        }
        if (obs.components() != null) {
            out.addAll(obs.components().keySet());
        }
        return out;
    }

    static Observation observation(ReadingAcceptedV1 r) {
        Map<String, Double> components = null;
        if (r.components() != null) {
            components = new HashMap<>();
            for (ReadingAcceptedV1.Component c : r.components()) {
                components.put(c.code(), c.value());
            }
        }
        return new Observation(r.readingId(), r.deviceId(), r.code(), r.value(), r.valueCode(), components, r.measuredAt(), r.clinicalGrade());
    }

    private String readingJson(ReadingAcceptedV1 r) {
        return reader.json(r);
    }
}
