package io.vigie.alerting.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "vigie.alerting")
public interface AlertingConfig {

    /** A high-priority alert not acknowledged within this delay escalates (a program's care plan may set its own). */
    @WithDefault("PT5M")
    Duration escalationDelay();

    /** How long readings are kept for the rules' windows (longest default window: 72 h). */
    @WithDefault("P7D")
    Duration observationRetention();

    /** How often overdue high-priority alerts are looked for (escalation). */
    @WithDefault("5s")
    Duration escalationCheck();

    /** How often missed measurements and silent continuous devices are looked for. */
    @WithDefault("30s")
    Duration timerCheck();

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
