package io.vigie.alerting.rules;

import io.vigie.alerting.news2.News2;
import io.vigie.events.patient.CarePlanV1;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules, as pure functions of the evidence: the reading being evaluated and the patient's earlier readings
 * (measured before it; loaded by the caller for the rule's window, in measurement-time order, so a late reading is
 * judged against the window it belongs to).
 */
public final class Evaluator {

    private Evaluator() {
    }

    /** Threshold: a condition violated by the reading; if sustained/consecutive is set, for long enough too. */
    public static Verdict threshold(Rule r, Observation current, List<Observation> earlier) {
        Optional<Condition> violated = violated(r, current);
        if (violated.isEmpty()) {
            return r.conditions().stream().anyMatch(c -> current.valueOf(c.code()) != null) ? Verdict.clear(format(r, current)) : Verdict.none();
        }
        List<Observation> before = earlier.stream().filter(o -> o.measuredAt().isBefore(current.measuredAt()) && carries(r, o))
                .sorted(Comparator.comparing(Observation::measuredAt).reversed()).toList();
        // consecutive: the latest readings all violate, however far apart (spot checks)
        List<Observation> streak = new ArrayList<>(List.of(current));
        for (Observation o : before) {
            if (violated(r, o).isEmpty()) {
                break;
            }
            streak.add(o);
        }
        // sustained: continuously violated, with no hole longer than the duration itself (continuous monitoring)
        Instant sustainedSince = current.measuredAt();
        if (r.sustainedSeconds() != null) {
            Duration maxGap = Duration.ofSeconds(r.sustainedSeconds());
            for (Observation o : streak.subList(1, streak.size())) {
                if (Duration.between(o.measuredAt(), sustainedSince).compareTo(maxGap) > 0) {
                    break;
                }
                sustainedSince = o.measuredAt();
            }
        }
        boolean plain = r.sustainedSeconds() == null && r.consecutive() == null;
        long sustainedFor = Duration.between(sustainedSince, current.measuredAt()).getSeconds();
        boolean sustained = r.sustainedSeconds() != null && sustainedFor >= r.sustainedSeconds();
        boolean consecutive = r.consecutive() != null && streak.size() >= r.consecutive();
        if (!plain && !sustained && !consecutive) {
            return Verdict.none(); // violated, not yet for long enough
        }
        String how = plain ? "" : sustained ? " for " + sustainedFor + " s" : " on " + r.consecutive() + " consecutive readings";
        if (!plain && !sustained) {
            streak = streak.subList(0, r.consecutive());
        }
        boolean grade = streak.stream().anyMatch(Observation::clinicalGrade);
        return Verdict.triggered(r.priority(), format(r, current), violated.get().describe() + how, grade);
    }

    /** Trend: the reading minus the lowest value of the window before it, at least {@code delta}. */
    public static Verdict trend(Rule r, Observation current, List<Observation> earlier) {
        Double now = current.valueOf(r.code());
        if (now == null) {
            return Verdict.none();
        }
        Instant from = current.measuredAt().minus(r.window());
        Optional<Observation> lowest = earlier.stream()
                .filter(o -> o.valueOf(r.code()) != null && !o.measuredAt().isBefore(from) && o.measuredAt().isBefore(current.measuredAt()))
                .min(Comparator.comparing(o -> o.valueOf(r.code())));
        if (lowest.isEmpty()) {
            return Verdict.none(); // no reference yet
        }
        double ref = lowest.get().valueOf(r.code());
        double change = Math.round((now - ref) * 1000.0) / 1000.0;
        String value = String.format(java.util.Locale.ROOT, "%+.1f kg (%.1f kg against %.1f kg, lowest of %d h)", change, now, ref, r.window().toHours());
        if (change >= r.delta()) {
            return Verdict.triggered(r.priority(), value, "change ≥ +" + r.delta() + " against the lowest of the window",
                    current.clinicalGrade() && lowest.get().clinicalGrade());
        }
        return Verdict.clear(value);
    }

    /**
     * NEWS2 of the most recent value of each parameter within the window ending at the reading: a single 3 raises a
     * medium alert, 5–6 a high one, 7 or more a high one escalated at once; LOW clears. Partial scores count.
     */
    public static Verdict news2(Rule r, Observation current, List<Observation> earlier, CarePlanV1 plan) {
        List<Observation> window = new ArrayList<>(earlier.stream().filter(o -> !o.measuredAt().isAfter(current.measuredAt())
                && !o.measuredAt().isBefore(current.measuredAt().minus(r.window()))).toList());
        window.add(current);
        window.sort(Comparator.comparing(Observation::measuredAt).reversed());
        Double rr = latest(window, "9279-1");
        Double spo2 = latest(window, "2708-6");
        Double o2 = latest(window, "3151-8");
        Double sbp = latest(window, "8480-6");
        Double hr = latest(window, "8867-4");
        Double temp = latest(window, "8310-5");
        String acvpu = window.stream().filter(o -> "67775-7".equals(o.code()) && o.valueCode() != null).map(Observation::valueCode).findFirst().orElse(null);
        News2.Score s;
        try {
            s = News2.score(new News2.Input(rr, spo2, plan != null && plan.hypercapnicRespiratoryFailure() ? 2 : 1, o2 == null ? null : o2 > 0,
                    sbp, hr, acvpu, temp, plan == null ? null : plan.ageYears(), plan != null && plan.pregnant()));
        } catch (News2.NotApplicable e) {
            return Verdict.none();
        }
        String value = "NEWS2 " + s.total() + (s.complete() ? "" : " (partial, missing " + String.join(", ", s.missing()) + ")");
        String detail = "band " + s.band() + ", sub-scores " + s.parameters();
        boolean grade = window.stream().anyMatch(Observation::clinicalGrade);
        return switch (s.band()) {
            case LOW -> Verdict.clear(value);
            case LOW_MEDIUM -> Verdict.triggered(Priority.MEDIUM, value, detail, grade);
            case MEDIUM -> Verdict.triggered(Priority.HIGH, value, detail, grade);
            case HIGH -> new Verdict(Verdict.State.TRIGGERED, Priority.HIGH, value, detail, grade, true);
        };
    }

    /** Device event rules: bed exit only for fall-risk patients; battery below the threshold. */
    public static Verdict event(Rule r, String event, Map<String, Object> detail, boolean clinicalGrade, CarePlanV1 plan) {
        if (r.events() == null || !r.events().contains(event)) {
            return Verdict.none();
        }
        if (r.requiresFallRisk() && (plan == null || !plan.fallRisk())) {
            return Verdict.none();
        }
        if (r.batteryBelow() != null && detail != null && detail.get("batteryPercent") instanceof Number n && n.doubleValue() >= r.batteryBelow()) {
            return Verdict.none();
        }
        String value = detail != null && detail.get("batteryPercent") != null ? event + " (" + detail.get("batteryPercent") + " %)" : event;
        return Verdict.triggered(r.priority(), value, event, clinicalGrade);
    }

    private static Double latest(List<Observation> newestFirst, String code) {
        return newestFirst.stream().map(o -> o.valueOf(code)).filter(v -> v != null).findFirst().orElse(null);
    }

    private static boolean carries(Rule r, Observation o) {
        return r.conditions().stream().anyMatch(c -> o.valueOf(c.code()) != null);
    }

    private static Optional<Condition> violated(Rule r, Observation o) {
        return r.conditions().stream().filter(c -> {
            Double v = o.valueOf(c.code());
            return v != null && c.violatedBy(v);
        }).findFirst();
    }

    private static String format(Rule r, Observation o) {
        List<String> parts = new ArrayList<>();
        r.conditions().stream().map(Condition::code).distinct().forEach(c -> {
            Double v = o.valueOf(c);
            if (v != null) {
                parts.add(c + " = " + (v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v)));
            }
        });
        return String.join(", ", parts);
    }
}
