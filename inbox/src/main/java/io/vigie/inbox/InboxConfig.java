package io.vigie.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Behaviour of the inbox consumers ({@code vigie.inbox.*}). */
@ConfigMapping(prefix = "vigie.inbox")
public interface InboxConfig {

    /** First delay before a transient failure is retried; doubled at each attempt up to {@link #retryMax()}. */
    @WithDefault("PT0.1S")
    Duration retryInitial();

    @WithDefault("PT30S")
    Duration retryMax();

    /**
     * An attempt that has not ended after this long (a database that accepts connections but never answers) is
     * counted as a transient failure and retried; the ledger makes a late commit of the abandoned attempt harmless.
     */
    @WithDefault("PT60S")
    Duration attemptTimeout();

    /** A consumer retrying the same record for longer than this reports the service not ready (never not live). */
    @WithDefault("PT30S")
    Duration unreadyAfter();

    /**
     * How long the PostgreSQL ledger remembers a processed event id: longer than the DLQ topics' retention (30 days),
     * since a replay puts a record back on a topic other consumers already processed.
     */
    @WithDefault("P31D")
    Duration retention();

    /** Starts the declared consumers (tests of a service's API alone may turn them off). */
    @WithDefault("true")
    boolean enabled();

    /** Only these consumers (names), when set; the others are not started. */
    Optional<java.util.Set<String>> only();
}
