package io.vigie.alerting.rules;

import io.vigie.events.patient.CarePlanV1;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One alert rule as evaluated for one patient: a default of a monitoring program (CLINICAL.md), possibly changed
 * by a clinician's override. Fields not used by a kind are null.
 */
public record Rule(String key, RuleKind kind, String title, Priority priority, boolean enabled, boolean autoResolve,
        List<Condition> conditions, Integer sustainedSeconds, Integer consecutive,
        String code, Double delta, Duration window,
        Duration period, Duration grace,
        List<String> events, boolean requiresFallRisk, Double batteryBelow, Duration heartbeatTimeout) {

    /** Codes whose readings this rule looks at. */
    public Set<String> codes() {
        return switch (kind) {
            case THRESHOLD -> conditions.stream().map(Condition::code).collect(java.util.stream.Collectors.toSet());
            case TREND, MISSED -> Set.of(code);
            case NEWS2 -> Set.of("9279-1", "2708-6", "3151-8", "85354-9", "8480-6", "8867-4", "67775-7", "8310-5");
            default -> Set.of();
        };
    }

    /** Parameters a clinician may change, by kind. */
    public static final Map<RuleKind, Set<String>> PARAMETERS = Map.of(
            RuleKind.THRESHOLD, Set.of("limit", "limit.0", "limit.1", "sustainedSeconds", "consecutive"),
            RuleKind.TREND, Set.of("delta", "windowHours"),
            RuleKind.NEWS2, Set.of(),
            RuleKind.MISSED, Set.of("periodHours", "graceHours"),
            RuleKind.DEVICE_EVENT, Set.of("batteryBelow"),
            RuleKind.HEARTBEAT, Set.of("timeoutMinutes"));

    /** This rule with a clinician's override applied; an unknown or out-of-range parameter is refused. */
    public Rule with(CarePlanV1.RuleOverride o) {
        Rule r = this;
        if (o.enabled() != null) {
            r = new Rule(key, kind, title, priority, o.enabled(), autoResolve, conditions, sustainedSeconds, consecutive, code, delta, window,
                    period, grace, events, requiresFallRisk, batteryBelow, heartbeatTimeout);
        }
        if (o.params() == null) {
            return r;
        }
        for (Map.Entry<String, Double> p : o.params().entrySet()) {
            r = r.withParameter(p.getKey(), p.getValue());
        }
        return r;
    }

    Rule withParameter(String name, Double value) {
        if (!PARAMETERS.get(kind).contains(name)) {
            throw new IllegalArgumentException(key + " has no parameter " + name + " (allowed: " + PARAMETERS.get(kind) + ")");
        }
        if (value == null || !Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(name + " must be a number ≥ 0");
        }
        List<Condition> c = conditions;
        Integer sus = sustainedSeconds;
        Integer cons = consecutive;
        Double d = delta;
        Duration w = window;
        Duration per = period;
        Duration gr = grace;
        Double bat = batteryBelow;
        Duration hb = heartbeatTimeout;
        switch (name) {
            case "limit" -> c = conditions.stream().map(x -> x.withLimit(value)).toList();
            case "limit.0", "limit.1" -> {
                int i = name.charAt(6) - '0';
                if (i >= conditions.size()) {
                    throw new IllegalArgumentException(key + " has " + conditions.size() + " limit(s)");
                }
                List<Condition> copy = new ArrayList<>(conditions);
                copy.set(i, conditions.get(i).withLimit(value));
                c = List.copyOf(copy);
            }
            case "sustainedSeconds" -> sus = value.intValue() == 0 ? null : value.intValue();
            case "consecutive" -> cons = value.intValue() <= 1 ? null : value.intValue();
            case "delta" -> d = value;
            case "windowHours" -> w = hours(value);
            case "periodHours" -> per = hours(value);
            case "graceHours" -> gr = hours(value);
            case "batteryBelow" -> bat = value;
            case "timeoutMinutes" -> hb = Duration.ofSeconds(Math.round(value * 60));
            default -> throw new IllegalArgumentException(name);
        }
        return new Rule(key, kind, title, priority, enabled, autoResolve, c, sus, cons, code, d, w, per, gr, events, requiresFallRisk, bat, hb);
    }

    private static Duration hours(double h) {
        if (h <= 0 || h > 24 * 31) {
            throw new IllegalArgumentException("hours must be above 0 and at most 744");
        }
        return Duration.ofSeconds(Math.round(h * 3600));
    }
}
