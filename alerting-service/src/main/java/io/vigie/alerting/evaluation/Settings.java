package io.vigie.alerting.evaluation;

import java.time.Duration;

/**
 * The evaluator's clinical settings (CLINICAL.md defaults; {@code vigie.alerting.*}).
 *
 * @param escalationDelay    an unacknowledged high-priority alert escalates after this (a care plan may set its own)
 * @param autoResolveAfter   the condition must be clear this long before an alert resolves by itself...
 * @param autoResolveReadings ...or for this many readings in a row
 * @param lateAfter          a reading measured longer ago than this is late: it alerts, flagged, without escalating
 * @param inhibitionMax      a disconnected sensor's readings are held at most this long
 * @param pendingMax         inputs of a patient whose care plan is not known yet, kept at most this long...
 * @param pendingLimit       ...and at most this many
 * @param source             the service name events carry
 */
public record Settings(Duration escalationDelay, Duration autoResolveAfter, int autoResolveReadings, Duration lateAfter, Duration inhibitionMax,
        Duration pendingMax, int pendingLimit, String source) {

    public static Settings defaults() {
        return new Settings(Duration.ofMinutes(5), Duration.ofMinutes(5), 3, Duration.ofMinutes(15), Duration.ofHours(24), Duration.ofHours(24),
                2_000, "alerting-service");
    }
}
