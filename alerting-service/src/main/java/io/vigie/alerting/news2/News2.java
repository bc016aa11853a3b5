package io.vigie.alerting.news2;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * National Early Warning Score 2 (Royal College of Physicians, 2017), exactly as in CLINICAL.md: each present
 * parameter is scored, a missing one is never scored 0 (it is listed in {@code missing} and the score is
 * partial), temperature is rounded to one decimal and the other values to integers, half up, before scoring.
 */
public final class News2 {

    /** Parameter names, in the order of the answer. */
    public static final List<String> PARAMETERS = List.of("respirationRate", "spo2", "onOxygen", "systolicBp", "pulse", "consciousness",
            "temperature");

    /** Vital signs; any may be null. {@code spo2Scale} 2 only for hypercapnic respiratory failure (target 88–92 %). */
    public record Input(Double respirationRate, Double spo2, Integer spo2Scale, Boolean onOxygen, Double systolicBp, Double pulse,
            String consciousness, Double temperature, Integer ageYears, Boolean pregnant) {
    }

    public enum Band {
        /** Total 0–4 with no single 3. */
        LOW,
        /** A 3 in any single parameter (total below 5): urgent ward-based review. */
        LOW_MEDIUM,
        /** Total 5–6: urgent response threshold. */
        MEDIUM,
        /** Total 7 or more: emergency response. */
        HIGH
    }

    public record Score(int total, boolean complete, List<String> missing, Band band, Map<String, Integer> parameters) {
        public boolean anySingleThree() {
            return parameters.values().stream().anyMatch(v -> v == 3);
        }
    }

    /** NEWS2 does not apply (under 16, or pregnant): the reason, for a 422 answer. */
    public static class NotApplicable extends RuntimeException {
        public NotApplicable(String reason) {
            super(reason, null, false, false);
        }
    }

    private News2() {
    }

    public static Score score(Input in) {
        if (in.ageYears() != null && in.ageYears() < 16) {
            throw new NotApplicable("NEWS2 is not validated for patients under 16.");
        }
        if (Boolean.TRUE.equals(in.pregnant())) {
            throw new NotApplicable("NEWS2 is not validated in pregnancy: use an obstetric early warning score.");
        }
        int scale = in.spo2Scale() == null ? 1 : in.spo2Scale();
        Map<String, Integer> p = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        put(p, missing, "respirationRate", in.respirationRate() == null ? null : respiration(integer(in.respirationRate())));
        Integer spo2 = null;
        if (in.spo2() != null) {
            int s = integer(in.spo2());
            if (scale == 2) {
                spo2 = spo2Scale2(s, in.onOxygen()); // may be null: cannot be scored without knowing about oxygen
            } else {
                spo2 = spo2Scale1(s);
            }
        }
        put(p, missing, "spo2", spo2);
        put(p, missing, "onOxygen", in.onOxygen() == null ? null : (in.onOxygen() ? 2 : 0));
        put(p, missing, "systolicBp", in.systolicBp() == null ? null : systolic(integer(in.systolicBp())));
        put(p, missing, "pulse", in.pulse() == null ? null : pulse(integer(in.pulse())));
        put(p, missing, "consciousness", in.consciousness() == null ? null : ("A".equals(in.consciousness()) ? 0 : 3));
        put(p, missing, "temperature", in.temperature() == null ? null : temperature(oneDecimal(in.temperature())));
        int total = p.values().stream().mapToInt(Integer::intValue).sum();
        boolean anyThree = p.values().stream().anyMatch(v -> v == 3);
        Band band = total >= 7 ? Band.HIGH : total >= 5 ? Band.MEDIUM : anyThree ? Band.LOW_MEDIUM : Band.LOW;
        return new Score(total, missing.isEmpty(), List.copyOf(missing), band, p);
    }

    private static void put(Map<String, Integer> p, List<String> missing, String name, Integer score) {
        if (score == null) {
            missing.add(name);
        } else {
            p.put(name, score);
        }
    }

    static int respiration(int rr) {
        if (rr <= 8) {
            return 3;
        }
        if (rr <= 11) {
            return 1;
        }
        if (rr <= 20) {
            return 0;
        }
        if (rr <= 24) {
            return 2;
        }
        return 3;
    }

    static int spo2Scale1(int s) {
        if (s <= 91) {
            return 3;
        }
        if (s <= 93) {
            return 2;
        }
        if (s <= 95) {
            return 1;
        }
        return 0;
    }

    /** Scale 2: 88–92 % scores 0; from 93 % it depends on oxygen (on air 0); unknown oxygen above 92 % cannot be scored. */
    static Integer spo2Scale2(int s, Boolean onOxygen) {
        if (s <= 83) {
            return 3;
        }
        if (s <= 85) {
            return 2;
        }
        if (s <= 87) {
            return 1;
        }
        if (s <= 92) {
            return 0;
        }
        if (onOxygen == null) {
            return null;
        }
        if (!onOxygen) {
            return 0;
        }
        if (s <= 94) {
            return 1;
        }
        if (s <= 96) {
            return 2;
        }
        return 3;
    }

    static int systolic(int sbp) {
        if (sbp <= 90) {
            return 3;
        }
        if (sbp <= 100) {
            return 2;
        }
        if (sbp <= 110) {
            return 1;
        }
        if (sbp <= 219) {
            return 0;
        }
        return 3;
    }

    static int pulse(int hr) {
        if (hr <= 40) {
            return 3;
        }
        if (hr <= 50) {
            return 1;
        }
        if (hr <= 90) {
            return 0;
        }
        if (hr <= 110) {
            return 1;
        }
        if (hr <= 130) {
            return 2;
        }
        return 3;
    }

    /** Temperature in tenths of a degree after rounding (35.0 °C = 350). */
    static int temperature(int tenths) {
        if (tenths <= 350) {
            return 3;
        }
        if (tenths <= 360) {
            return 1;
        }
        if (tenths <= 380) {
            return 0;
        }
        if (tenths <= 390) {
            return 1;
        }
        return 2;
    }

    static int integer(double v) {
        return new BigDecimal(Double.toString(v)).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    static int oneDecimal(double v) {
        return new BigDecimal(Double.toString(v)).setScale(1, RoundingMode.HALF_UP).movePointRight(1).intValueExact();
    }
}
