package io.vigie.alerting.rules;

/** Alarm priorities of IEC 60601-1-8: high (immediate response), medium (prompt), low (awareness). */
public enum Priority {
    HIGH, MEDIUM, LOW;

    /** The lower of two priorities. */
    public Priority atMost(Priority cap) {
        return ordinal() < cap.ordinal() ? cap : this;
    }
}
