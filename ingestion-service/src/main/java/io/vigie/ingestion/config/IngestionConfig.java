package io.vigie.ingestion.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "vigie.ingestion")
public interface IngestionConfig {

    Mqtt mqtt();

    Readings readings();

    Kafka kafka();

    Store store();

    Auth auth();

    /** What happens to readings of a patient who withdrew consent: QUARANTINE (stored apart, never alerted) or DROP. */
    @WithDefault("QUARANTINE")
    ConsentWithdrawn consentWithdrawn();

    enum ConsentWithdrawn {
        QUARANTINE, DROP
    }

    interface Mqtt {
        /** Plain MQTT listener; meant for loopback/development. Set enabled=false in production (TLS only). */
        @WithDefault("true")
        boolean plainEnabled();

        @WithDefault("127.0.0.1")
        String plainHost();

        /** 0 picks a free port (tests). */
        @WithDefault("1884")
        int plainPort();

        Tls tls();

        /** Largest PUBLISH accepted; bigger packets close the connection (MQTT 5: Packet too large). */
        @WithDefault("64K")
        MemorySize maxMessageSize();

        /** Unacknowledged QoS 1 PUBLISH per connection; beyond it MQTT 5 gets Quota exceeded, MQTT 3.1.1 is disconnected. */
        @WithDefault("32")
        int maxInFlight();

        /** Heap a connection is assumed to need; with minFreeMemory it sets the connection limit (as Eclipse Hono). */
        @WithDefault("64K")
        MemorySize memoryPerConnection();

        /** Heap kept free for everything else before any connection is admitted. */
        @WithDefault("96M")
        MemorySize minFreeMemory();

        /** Hard cap on connections, whatever the memory allows. */
        Optional<Integer> maxConnections();

        /** How often a connected device's credentials are re-checked against the directory (revocation). */
        @WithDefault("1s")
        Duration revocationCheckInterval();
    }

    /** Device authentication with deviceId/secret: the PBKDF2 verifier pool and the backoff after failures. */
    interface Auth {
        /** Threads verifying secrets with PBKDF2 (0 = one per processor): the CPU a reconnect storm or a flood may take. */
        @WithDefault("0")
        int verifierThreads();

        /** Verifications waiting for a thread; beyond it CONNECT gets Server busy (MQTT 5 0x89, 3.1.1 3), HTTP 503. */
        @WithDefault("256")
        int verifierQueue();

        /** Wrong secrets for one device id before its backoff starts. */
        @WithDefault("5")
        int deviceFailuresBeforeBackoff();

        /** Failed attempts from one source address before its backoff starts (higher: gateways and NAT share addresses). */
        @WithDefault("50")
        int addressFailuresBeforeBackoff();

        /** First lock; doubles with each further failure. */
        @WithDefault("1s")
        Duration backoffInitial();

        @WithDefault("15m")
        Duration backoffMax();

        /** Failures are forgotten after this long without any. */
        @WithDefault("15m")
        Duration failureMemory();

        /** MQTT: how long a refused CONNECT of a locked-out device or address waits before its CONNACK (at most). */
        @WithDefault("3s")
        Duration maxAnswerDelay();
    }

    interface Tls {
        @WithDefault("false")
        boolean enabled();

        @WithDefault("0.0.0.0")
        String host();

        @WithDefault("8883")
        int port();

        /** PEM certificate chain and key of the MQTT server. */
        Optional<String> certPath();

        Optional<String> keyPath();

        /** PEM CA bundle that device client certificates chain to; with it, client certificates are requested. */
        Optional<String> clientCaPath();
    }

    interface Readings {
        /** How far in the future a reading's timestamp may be (device clocks drift). */
        @WithDefault("PT5M")
        Duration maxClockSkew();

        /** How old a backfilled reading may be (devices store readings offline and upload later). */
        @WithDefault("P30D")
        Duration backfillLimit();

        /** A reading older than this when received is flagged late (alerting raises it with late=true). */
        @WithDefault("PT15M")
        Duration lateAfter();

        @WithDefault("500")
        int maxPerMessage();

        /** A device whose every reading was rejected for this long gets a data-rejected device event (a technical alert). */
        @WithDefault("PT10M")
        Duration dataRejectedAfter();

        /** At most one last-seen event per device per interval goes to the registry. */
        @WithDefault("PT60S")
        Duration seenInterval();
    }

    interface Kafka {
        /** Retry-After of an HTTP 503 when Kafka is unavailable. */
        @WithDefault("5")
        int retryAfterSeconds();
    }

    interface Store {
        /** Readings older than this are deleted by the retention job (the stand-in and time-series TTL differ). */
        @WithDefault("P730D")
        Duration retention();

        /** auto: time-series collection when the server supports it (MongoDB 5+); off: regular collection. */
        @WithDefault("auto")
        String timeSeries();
    }
}
