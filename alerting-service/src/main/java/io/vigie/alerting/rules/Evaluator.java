package io.vigie.alerting.rules;

import io.vigie.alerting.evaluation.Evidence;
import io.vigie.alerting.news2.News2;
import io.vigie.events.patient.CarePlanV1;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules, as pure functions of the reading and the patient's evidence (latest values, streaks, trend minima): no
 * history is read, so a verdict costs the same whatever the patient's past.
 */
public final class Evaluator {

    /** Spot-check devices and "sustained" rules: this many consecutive spot readings stand for the duration. */
    public static final int DEFAULT_CONSECUTIVE = 2;

    private Evaluator() {
    }

    /** The condition of {@code r} the reading violates, or null. */
    public static Condition violated(Rule r, Observation o) {
        for (Condition c : r.conditions()) {
            Double v = o.valueOf(c.code());
            if (v != null && c.violatedBy(v)) {
                return c;
            }
        }
        return null;
    }

    /** Whether the reading carries any code of the rule's conditions. */
    public static boolean concerns(Rule r, Observation o) {
        for (Condition c : r.conditions()) {
            if (o.valueOf(c.code()) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Threshold, once the reading is in its streak: plain rules trigger at once; a continuous monitor must stay beyond
     * the limit for {@code sustainedSeconds} of samples; spot checks need {@code consecutive} readings in a row (2 when
     * the rule only says how long: a spot-check bradycardia must still alert).
     */
    public static Verdict threshold(Rule r, Observation current, Evidence.Streak streak, boolean continuous) {
        Condition violated = violated(r, current);
        if (violated == null) {
            return concerns(r, current) ? Verdict.clear(format(r, current)) : Verdict.none();
        }
        boolean plain = r.sustainedSeconds() == null && r.consecutive() == null;
        String how = "";
        if (!plain) {
            if (continuous && r.sustainedSeconds() != null) {
                long lasted = (streak.last - streak.first) / 1000;
                if (lasted < r.sustainedSeconds()) {
                    return Verdict.none(); // violated, not yet for long enough
                }
                how = " for " + lasted + " s";
            } else {
                int needed = r.consecutive() != null ? r.consecutive() : DEFAULT_CONSECUTIVE;
                if (streak.n < needed) {
                    return Verdict.none();
                }
                how = " on " + needed + " consecutive readings";
            }
        }
        return Verdict.triggered(r.priority(), format(r, current), violated.describe() + how, plain ? current.clinicalGrade() : streak.g);
    }

    /** Adds the reading to the rule's streak for its device (a clear reading, or a hole longer than the duration, restarts it). */
    public static void extend(Rule r, Observation current, Evidence.Streak streak, boolean continuous) {
        long t = current.measuredAt().toEpochMilli();
        if (violated(r, current) == null) {
            streak.n = 0;
            streak.first = 0;
            streak.last = 0;
            streak.g = false;
            return;
        }
        boolean hole = r.sustainedSeconds() != null && continuous && streak.n > 0 && t - streak.last > r.sustainedSeconds() * 1000L;
        if (streak.n == 0 || hole || t < streak.last) {
            streak.first = t;
            streak.n = 0;
            streak.g = false;
        }
        streak.n++;
        streak.last = Math.max(streak.last, t);
        streak.g |= current.clinicalGrade();
    }

    /** Trend: the reading against the lowest value of the window before it (hourly minima), at least {@code delta}. */
    public static Verdict trend(Rule r, Observation current, List<Evidence.Bucket> minima) {
        Double now = current.valueOf(r.code());
        if (now == null) {
            return Verdict.none();
        }
        long t = current.measuredAt().toEpochMilli();
        long from = t - r.window().toMillis();
        Evidence.Bucket lowest = null;
        for (Evidence.Bucket b : minima) {
            if (b.t >= from && b.t < t && (lowest == null || b.min < lowest.min)) {
                lowest = b;
            }
        }
        if (lowest == null) {
            return Verdict.none(); // no reference yet
        }
        double change = Math.round((now - lowest.min) * 1000.0) / 1000.0;
        String value = String.format(Locale.ROOT, "%+.1f kg (%.1f kg against %.1f kg, lowest of %d h)", change, now, lowest.min, r.window().toHours());
        if (change >= r.delta()) {
            return Verdict.triggered(r.priority(), value, "change ≥ +" + r.delta() + " against the lowest of the window",
                    current.clinicalGrade() && lowest.g);
        }
        return Verdict.clear(value);
    }

    /** Records the reading in the hourly minima of its code, keeping {@code keep} of history. */
    public static void remember(Observation current, String code, List<Evidence.Bucket> minima, Duration keep) {
        Double v = current.valueOf(code);
        if (v == null) {
            return;
        }
        long t = current.measuredAt().toEpochMilli();
        long hour = t - Math.floorMod(t, 3_600_000L);
        Evidence.Bucket found = null;
        for (Evidence.Bucket b : minima) {
            if (b.hour == hour) {
                found = b;
            }
        }
        if (found == null) {
            found = new Evidence.Bucket();
            found.hour = hour;
            found.min = v;
            found.t = t;
            found.g = current.clinicalGrade();
            minima.add(found);
            minima.sort((a, b) -> Long.compare(a.hour, b.hour));
        } else if (v < found.min) {
            found.min = v;
            found.t = t;
            found.g = current.clinicalGrade();
        }
        long newest = minima.get(minima.size() - 1).hour;
        minima.removeIf(b -> b.hour < newest - keep.toMillis());
    }

    /**
     * NEWS2 of the latest value of each parameter within the window ending at the reading (no row cap): a single 3 raises
     * a medium alert, 5–6 a high one, 7 or more a high one escalated at once; a complete LOW score clears (a partial one
     * does not: what was abnormal may just have aged out). Partial scores raise. A score to
     * which a reading that is not clinical grade contributes is capped like that reading would be.
     */
    public static Verdict news2(Rule r, Observation current, Map<String, Evidence.Point> latest, CarePlanV1 plan) {
        long t = current.measuredAt().toEpochMilli();
        long from = t - r.window().toMillis();
        boolean[] allGrade = {true};
        java.util.function.Function<String, Evidence.Point> at = code -> {
            Evidence.Point p = latest.get(code);
            if (p == null || p.t < from || p.t > t) {
                return null;
            }
            allGrade[0] &= p.g;
            return p;
        };
        Double rr = value(at.apply("9279-1"));
        Double spo2 = value(at.apply("2708-6"));
        Evidence.Point o2 = at.apply("3151-8");
        Double sbp = value(at.apply("8480-6"));
        Double hr = value(at.apply("8867-4"));
        Double temp = value(at.apply("8310-5"));
        Evidence.Point acvpu = at.apply("67775-7");
        News2.Score s;
        try {
            s = News2.score(new News2.Input(rr, spo2, plan != null && plan.hypercapnicRespiratoryFailure() ? 2 : 1, o2 == null ? null : o2.v > 0,
                    sbp, hr, acvpu == null ? null : acvpu.c, temp, plan == null ? null : plan.ageYears(), plan != null && plan.pregnant()));
        } catch (News2.NotApplicable e) {
            return Verdict.none();
        }
        String value = "NEWS2 " + s.total() + (s.complete() ? "" : " (partial, missing " + String.join(", ", s.missing()) + ")");
        String detail = "band " + s.band() + ", sub-scores " + s.parameters();
        return switch (s.band()) {
            // a low partial score may only mean the abnormal value aged out of the window: absence of evidence clears nothing
            case LOW -> s.complete() ? Verdict.clear(value) : Verdict.none();
            case LOW_MEDIUM -> Verdict.triggered(Priority.MEDIUM, value, detail, allGrade[0]);
            case MEDIUM -> Verdict.triggered(Priority.HIGH, value, detail, allGrade[0]);
            case HIGH -> new Verdict(Verdict.State.TRIGGERED, Priority.HIGH, value, detail, allGrade[0], true);
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
        String value = detail != null && detail.get("batteryPercent") != null ? event + " (" + detail.get("batteryPercent") + " %)"
                : detail != null && detail.get("reasons") instanceof String reasons && !reasons.isBlank() ? event + " (" + reasons + ")" : event;
        return Verdict.triggered(r.priority(), value, event, clinicalGrade);
    }

    /** The NEWS2 band a verdict's detail names (to see a score worsen), or null. */
    public static String band(Verdict v) {
        return v.detail() != null && v.detail().startsWith("band ") ? v.detail().substring(5, v.detail().indexOf(',')) : null;
    }

    private static Double value(Evidence.Point p) {
        return p == null ? null : p.v;
    }

    private static String format(Rule r, Observation o) {
        StringBuilder out = new StringBuilder();
        java.util.Set<String> done = new java.util.HashSet<>();
        for (Condition c : r.conditions()) {
            if (!done.add(c.code())) {
                continue;
            }
            Double v = o.valueOf(c.code());
            if (v != null) {
                out.append(out.length() == 0 ? "" : ", ").append(c.code()).append(" = ")
                        .append(v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v));
            }
        }
        return out.toString();
    }

}
