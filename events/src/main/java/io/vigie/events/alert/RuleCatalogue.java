package io.vigie.events.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert rules a clinician may override, and each one's parameters: the contract between where overrides are
 * entered (patient-service enrollments, alerting {@code PUT …/rules/{key}}) and where they are evaluated. An override
 * is checked here where it is entered, so a parameter that does not exist, is out of range, or is ambiguous (one
 * {@code limit} for a rule with two limits) is refused with its name, never discovered at evaluation.
 */
public final class RuleCatalogue {

    public enum Kind { THRESHOLD, TREND, NEWS2, MISSED, DEVICE_EVENT, HEARTBEAT }

    /** A parameter: its name, range (inclusive), and what it means. */
    public record Parameter(String name, double min, double max, String meaning) {
    }

    /** A rule: key, kind and how many limits a threshold rule has. */
    public record Rule(String key, Kind kind, int limits) {
    }

    /** A problem of an override: the parameter (or "ruleKey") and why. */
    public record Violation(String field, String message) {
    }

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        threshold("glucose.hypo-1", 1);
        threshold("glucose.hypo-2", 1);
        threshold("glucose.hyper", 1);
        threshold("bp.hypertensive-crisis", 2);
        threshold("bp.hypotension", 1);
        threshold("spo2.desaturation", 1);
        threshold("hr.brady-tachycardia", 2);
        add(new Rule("hf.weight-gain", Kind.TREND, 0));
        add(new Rule("news2", Kind.NEWS2, 0));
        for (String e : List.of("event.bed-exit", "event.battery-low", "event.sensor-disconnected", "event.data-rejected", "event.implant", "event.pump")) {
            add(new Rule(e, Kind.DEVICE_EVENT, 0));
        }
        add(new Rule("event.no-heartbeat", Kind.HEARTBEAT, 0));
    }

    public static final Map<Kind, List<Parameter>> PARAMETERS = Map.of(
            Kind.THRESHOLD, List.of(new Parameter("limit", 0, 10_000, "the limit of a single-limit rule"),
                    new Parameter("limit.0", 0, 10_000, "the first limit of a rule (the lower one of a two-limit rule)"),
                    new Parameter("limit.1", 0, 10_000, "the second limit of a two-limit rule (the upper one)"),
                    new Parameter("sustainedSeconds", 0, 3_600, "continuous monitors: how long the value must stay beyond the limit (0: at once)"),
                    new Parameter("consecutive", 1, 20, "spot checks: how many consecutive readings beyond the limit (1: at once)")),
            Kind.TREND, List.of(new Parameter("delta", 0.1, 50, "the change against the reference of the window"),
                    new Parameter("windowHours", 1, 744, "the window of the reference, in hours")),
            Kind.NEWS2, List.of(),
            Kind.MISSED, List.of(new Parameter("periodHours", 1, 744, "how often the measurement is expected, in hours"),
                    new Parameter("graceHours", 0, 744, "how late it may be before it is reported missed, in hours")),
            Kind.DEVICE_EVENT, List.of(new Parameter("batteryBelow", 1, 100, "battery percentage under which a battery event alerts")),
            Kind.HEARTBEAT, List.of(new Parameter("timeoutMinutes", 1, 1_440, "how long a continuous device may be silent, in minutes")));

    private RuleCatalogue() {
    }

    private static void threshold(String key, int limits) {
        add(new Rule(key, Kind.THRESHOLD, limits));
    }

    private static void add(Rule r) {
        RULES.put(r.key(), r);
    }

    /** The rule of {@code key} (a missed-measurement rule is {@code missed.<LOINC code>}), or null. */
    public static Rule byKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.startsWith("missed.") && key.length() > 7 && key.substring(7).matches("[0-9]{1,7}-[0-9]")) {
            return new Rule(key, Kind.MISSED, 0);
        }
        return RULES.get(key);
    }

    public static List<Rule> all() {
        return List.copyOf(RULES.values());
    }

    /** What is wrong with an override of {@code ruleKey}: empty when it may be applied. Fields and ranges only, never data. */
    public static List<Violation> violations(String ruleKey, Map<String, Double> params) {
        Rule rule = byKey(ruleKey);
        if (rule == null) {
            return List.of(new Violation("ruleKey", "unknown rule " + ruleKey));
        }
        List<Violation> out = new ArrayList<>();
        if (params == null) {
            return out;
        }
        List<Parameter> allowed = PARAMETERS.get(rule.kind());
        for (Map.Entry<String, Double> p : params.entrySet()) {
            Parameter def = allowed.stream().filter(a -> a.name().equals(p.getKey())).findFirst().orElse(null);
            if (def == null) {
                out.add(new Violation("params." + p.getKey(), ruleKey + " has no parameter " + p.getKey() + " (it takes: "
                        + String.join(", ", allowed.stream().map(Parameter::name).toList()) + ")"));
                continue;
            }
            Double v = p.getValue();
            if (v == null || !Double.isFinite(v) || v < def.min() || v > def.max()) {
                out.add(new Violation("params." + p.getKey(), p.getKey() + " must be a number from " + number(def.min()) + " to " + number(def.max())));
                continue;
            }
            if (p.getKey().equals("limit") && rule.limits() > 1) {
                out.add(new Violation("params.limit", ruleKey + " has " + rule.limits() + " limits: give limit.0 and/or limit.1, not limit"));
            }
            if (p.getKey().equals("limit.1") && rule.limits() < 2) {
                out.add(new Violation("params.limit.1", ruleKey + " has one limit: give limit (or limit.0)"));
            }
        }
        return out;
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
