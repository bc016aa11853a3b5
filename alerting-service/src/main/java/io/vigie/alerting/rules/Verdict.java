package io.vigie.alerting.rules;

/**
 * What a rule says about the latest evidence: TRIGGERED (raise or repeat the alert), CLEAR (the condition is over:
 * auto-resolve), or NONE (nothing to change: not applicable, or violated but not yet sustained).
 * {@code clinicalGrade} is true when the evidence holds at least one clinical-grade reading.
 */
public record Verdict(State state, Priority priority, String value, String detail, boolean clinicalGrade, boolean escalateNow) {

    public enum State {
        TRIGGERED, CLEAR, NONE
    }

    public static Verdict none() {
        return new Verdict(State.NONE, null, null, null, false, false);
    }

    public static Verdict clear(String value) {
        return new Verdict(State.CLEAR, null, value, null, false, false);
    }

    public static Verdict triggered(Priority p, String value, String detail, boolean clinicalGrade) {
        return new Verdict(State.TRIGGERED, p, value, detail, clinicalGrade, false);
    }

    public boolean triggered() {
        return state == State.TRIGGERED;
    }
}
