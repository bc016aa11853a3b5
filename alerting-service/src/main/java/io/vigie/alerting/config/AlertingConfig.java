package io.vigie.alerting.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "vigie.alerting")
public interface AlertingConfig {

    /** A high-priority alert not acknowledged within this delay escalates (a program's care plan may set its own). */
    @WithDefault("PT5M")
    Duration escalationDelay();

    /** An alert resolves by itself only once its condition is clear this long... */
    @WithDefault("PT5M")
    Duration autoResolveAfter();

    /** ...or for this many readings in a row. */
    @WithDefault("3")
    int autoResolveReadings();

    /** A reading measured longer ago than this is late: it alerts, flagged, and does not escalate. */
    @WithDefault("PT15M")
    Duration lateAfter();

    /** A disconnected sensor's abnormal readings are held at most this long. */
    @WithDefault("PT24H")
    Duration inhibitionMax();

    /** Inputs of a patient whose care plan is not known yet are kept this long, at most... */
    @WithDefault("PT24H")
    Duration pendingMax();

    /** ...and at most this many. */
    @WithDefault("2000")
    int pendingLimit();

    /** How long the API waits for the evaluator's answer to a person's action (then 503, Retry-After). */
    @WithDefault("PT5S")
    Duration commandTimeout();

    Evaluator evaluator();

    interface Evaluator {
        /** How often the deadlines that are due (escalations, missed measurements, silent devices...) are looked for. */
        @WithDefault("PT1S")
        Duration timerInterval();

        /** How long a reading's id is remembered to recognize a device's resend. */
        @WithDefault("PT48H")
        Duration seenRetention();

        /** Patients kept deserialized in memory, per task (partition). */
        @WithDefault("1000")
        int cachedPatients();
    }

    Webhooks webhooks();

    interface Webhooks {
        /** How often due webhook deliveries are sent. */
        @WithDefault("1s")
        Duration poll();

        /** First retry delay; doubles at each attempt (capped at 1 h). */
        @WithDefault("2s")
        Duration backoff();

        @WithDefault("8")
        int maxAttempts();

        /** A webhook is disabled after this many deliveries in a row failed for good. */
        @WithDefault("3")
        int disableAfterFailedDeliveries();

        @WithDefault("10s")
        Duration timeout();
    }
}
