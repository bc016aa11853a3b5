package io.vigie.alerting.rules;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A reading as the rules see it: canonical code, value (or code value), panel components, time, grade. */
public record Observation(UUID readingId, UUID deviceId, String code, Double value, String valueCode, Map<String, Double> components,
        Instant measuredAt, boolean clinicalGrade) {

    /** The value of {@code c}: the reading's own, or a component of its panel (8480-6 / 8462-4 in 85354-9). */
    public Double valueOf(String c) {
        if (c.equals(code)) {
            return value;
        }
        return components == null ? null : components.get(c);
    }

    public boolean carries(String c) {
        return valueOf(c) != null || (c.equals(code) && valueCode != null);
    }
}
