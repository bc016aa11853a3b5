package io.vigie.alerting.rules;

import io.vigie.alerting.rules.Condition.Operator;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.MonitoringProgram;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Default rules of each monitoring program, with the numbers of CLINICAL.md ("Default alert rules"). The
 * effective rules of a patient are those of the programs they are enrolled in today, with the overrides of their
 * care plan (and of clinicians through the API) applied.
 */
public final class DefaultRules {

    public static final Rule WEIGHT_GAIN = new Rule("hf.weight-gain", RuleKind.TREND, "Weight gain (heart failure)", Priority.HIGH, true, true,
            null, null, null, "29463-7", 2.0, Duration.ofHours(72), null, null, null, false, null, null);
    public static final Rule HYPOGLYCAEMIA_1 = threshold("glucose.hypo-1", "Hypoglycaemia level 1", Priority.MEDIUM,
            List.of(new Condition("41653-7", Operator.LT, 70)), null, null);
    public static final Rule HYPOGLYCAEMIA_2 = threshold("glucose.hypo-2", "Hypoglycaemia level 2", Priority.HIGH,
            List.of(new Condition("41653-7", Operator.LT, 54)), null, null);
    public static final Rule HYPERGLYCAEMIA = threshold("glucose.hyper", "Hyperglycaemia", Priority.MEDIUM,
            List.of(new Condition("41653-7", Operator.GT, 250)), null, null);
    public static final Rule HYPERTENSIVE_CRISIS = threshold("bp.hypertensive-crisis", "Hypertensive crisis", Priority.HIGH,
            List.of(new Condition("8480-6", Operator.GE, 180), new Condition("8462-4", Operator.GE, 120)), null, null);
    public static final Rule HYPOTENSION = threshold("bp.hypotension", "Hypotension", Priority.HIGH,
            List.of(new Condition("8480-6", Operator.LT, 90)), null, null);
    public static final Rule DESATURATION = threshold("spo2.desaturation", "Desaturation", Priority.HIGH,
            List.of(new Condition("2708-6", Operator.LT, 90)), 60, 2);
    public static final Rule BRADY_TACHY = threshold("hr.brady-tachycardia", "Bradycardia / tachycardia", Priority.HIGH,
            List.of(new Condition("8867-4", Operator.LT, 40), new Condition("8867-4", Operator.GT, 130)), 60, 2);
    public static final Rule NEWS2 = new Rule("news2", RuleKind.NEWS2, "NEWS2", Priority.HIGH, true, true,
            null, null, null, null, null, Duration.ofHours(1), null, null, null, false, null, null);
    public static final Rule BED_EXIT = event("event.bed-exit", "Bed exit (fall risk)", Priority.HIGH, List.of("bed-exit"), true, null);
    public static final Rule BATTERY_LOW = event("event.battery-low", "Battery low", Priority.LOW, List.of("battery-low"), false, 15.0);
    public static final Rule SENSOR_DISCONNECTED = event("event.sensor-disconnected", "Sensor disconnected", Priority.LOW,
            List.of("sensor-disconnected"), false, null);
    /** Ingestion's data-rejected event: a device whose every reading has been rejected for 10 min (unit, range, format…). */
    public static final Rule DATA_REJECTED = event("event.data-rejected", "Device data rejected (patient not monitored)", Priority.LOW,
            List.of(io.vigie.events.reading.DeviceEventV1.DATA_REJECTED), false, null);
    public static final Rule IMPLANT = event("event.implant", "Implant event (arrhythmia, shock delivered)", Priority.HIGH,
            List.of("arrhythmia", "shock-delivered"), false, null);
    public static final Rule PUMP = event("event.pump", "Insulin pump (occlusion, reservoir low)", Priority.HIGH,
            List.of("pump-occlusion", "reservoir-low"), false, null);
    public static final Rule NO_HEARTBEAT = new Rule("event.no-heartbeat", RuleKind.HEARTBEAT, "No heartbeat from a continuous device",
            Priority.LOW, true, true, null, null, null, null, null, null, null, null, List.of("heartbeat"), false, null, Duration.ofMinutes(10));

    /** Measurements expected of each program when the care plan gives no schedule (daily, 12 h grace: 36 h). */
    static final Map<MonitoringProgram, String> DEFAULT_SCHEDULE = Map.of(
            MonitoringProgram.HEART_FAILURE, "29463-7", MonitoringProgram.RENAL_FAILURE, "85354-9",
            MonitoringProgram.RESPIRATORY_FAILURE, "2708-6", MonitoringProgram.DIABETES, "41653-7");

    static final Map<MonitoringProgram, List<Rule>> BY_PROGRAM = Map.of(
            MonitoringProgram.HEART_FAILURE, List.of(WEIGHT_GAIN, HYPOTENSION, HYPERTENSIVE_CRISIS, BRADY_TACHY, NEWS2),
            MonitoringProgram.RENAL_FAILURE, List.of(HYPERTENSIVE_CRISIS, HYPOTENSION, WEIGHT_GAIN),
            MonitoringProgram.RESPIRATORY_FAILURE, List.of(DESATURATION, NEWS2, BRADY_TACHY),
            MonitoringProgram.DIABETES, List.of(HYPOGLYCAEMIA_1, HYPOGLYCAEMIA_2, HYPERGLYCAEMIA, PUMP),
            MonitoringProgram.IMPLANTED_CARDIAC_DEVICE, List.of(IMPLANT, BRADY_TACHY));

    /** For every enrolled patient, whatever the program. */
    static final List<Rule> ALWAYS = List.of(BED_EXIT, BATTERY_LOW, SENSOR_DISCONNECTED, DATA_REJECTED, NO_HEARTBEAT, IMPLANT, PUMP);

    /** For every patient who carries such a device, even before their care plan is known or with no programme. */
    public static final List<Rule> IMPLANTED = List.of(IMPLANT, PUMP);

    /** A patient's effective rules, and the overrides that could not be applied (rule key → why): those rules are off. */
    public record Effective(List<Rule> rules, Map<String, String> broken) {
    }

    private DefaultRules() {
    }

    /**
     * Effective rules of a patient on {@code day}: defaults of the active enrollments, missed-measurement rules from
     * the schedules, then overrides in order (care plan enrollments, then clinicians' overrides through the API). An
     * override that cannot be applied disables that rule alone (listed in {@code broken}); the others stay as they are.
     * Implant and pump rules apply with or without a programme.
     */
    public static Effective effective(CarePlanV1 plan, LocalDate day, List<CarePlanV1.RuleOverride> apiOverrides) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        List<CarePlanV1.RuleOverride> overrides = new ArrayList<>();
        Set<MonitoringProgram> programs = new java.util.HashSet<>();
        if (plan != null && plan.enrollments() != null) {
            for (CarePlanV1.Enrollment e : plan.enrollments()) {
                if (!e.activeOn(day)) {
                    continue;
                }
                programs.add(e.program());
                BY_PROGRAM.getOrDefault(e.program(), List.of()).forEach(r -> rules.putIfAbsent(r.key(), r));
                List<CarePlanV1.Schedule> schedule = e.schedule() == null || e.schedule().isEmpty()
                        ? (DEFAULT_SCHEDULE.containsKey(e.program()) ? List.of(new CarePlanV1.Schedule(DEFAULT_SCHEDULE.get(e.program()),
                                Duration.ofDays(1), Duration.ofHours(12))) : List.of())
                        : e.schedule();
                for (CarePlanV1.Schedule s : schedule) {
                    Rule missed = missed(s);
                    rules.putIfAbsent(missed.key(), missed);
                }
                if (e.ruleOverrides() != null) {
                    overrides.addAll(e.ruleOverrides());
                }
            }
        }
        (programs.isEmpty() ? IMPLANTED : ALWAYS).forEach(r -> rules.putIfAbsent(r.key(), r));
        overrides.addAll(apiOverrides);
        Map<String, String> broken = new LinkedHashMap<>();
        for (CarePlanV1.RuleOverride o : overrides) {
            Rule r = rules.get(o.ruleKey());
            if (r == null || broken.containsKey(r.key())) {
                continue;
            }
            try {
                rules.put(r.key(), r.with(o));
            } catch (RuntimeException ex) { // a broken override silences that rule alone, never the others
                broken.put(r.key(), ex.getMessage());
                rules.remove(r.key());
            }
        }
        return new Effective(List.copyOf(rules.values()), broken);
    }

    /** Every rule a clinician can override, whatever the programs (the API checks keys against it). */
    public static Rule byKey(String key) {
        for (List<Rule> list : BY_PROGRAM.values()) {
            for (Rule r : list) {
                if (r.key().equals(key)) {
                    return r;
                }
            }
        }
        return ALWAYS.stream().filter(r -> r.key().equals(key)).findFirst()
                .orElseGet(() -> key.startsWith("missed.") ? missed(new CarePlanV1.Schedule(key.substring(7), Duration.ofDays(1), Duration.ofHours(12)))
                        : null);
    }

    static Rule missed(CarePlanV1.Schedule s) {
        return new Rule("missed." + s.code(), RuleKind.MISSED, "Missed measurement " + s.code(), Priority.LOW, true, true, null, null, null,
                s.code(), null, null, s.period(), s.grace() == null ? Duration.ofHours(12) : s.grace(), null, false, null, null);
    }

    private static Rule threshold(String key, String title, Priority p, List<Condition> conditions, Integer sustained, Integer consecutive) {
        return new Rule(key, RuleKind.THRESHOLD, title, p, true, true, conditions, sustained, consecutive, null, null, null, null, null, null,
                false, null, null);
    }

    private static Rule event(String key, String title, Priority p, List<String> events, boolean fallRisk, Double batteryBelow) {
        return new Rule(key, RuleKind.DEVICE_EVENT, title, p, true, false, null, null, null, null, null, null, null, null, events, fallRisk,
                batteryBelow, null);
    }
}
