package io.vigie.ingestion.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Counters of the ingestion path (Prometheus at /q/metrics). Tags are bounded: outcome and reason codes only. */
@ApplicationScoped
public class IngestionMetrics {

    private final MeterRegistry registry;
    private final Timer pubackLatency;

    public IngestionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.pubackLatency = Timer.builder("vigie.ingestion.puback.latency")
                .description("From PUBLISH received to PUBACK sent (includes the Kafka acknowledgement)")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    public void readings(String outcome, String reason, int n) {
        if (n > 0) {
            registry.counter("vigie.ingestion.readings", "outcome", outcome, "reason", reason).increment(n);
        }
    }

    public void events(String outcome, String reason) {
        registry.counter("vigie.ingestion.device.events", "outcome", outcome, "reason", reason).increment();
    }

    public void duplicates(int n) {
        if (n > 0) {
            registry.counter("vigie.ingestion.readings", "outcome", "duplicate", "reason", "RESEND").increment(n);
        }
    }

    public void puback(long nanos) {
        pubackLatency.record(Duration.ofNanos(nanos));
    }

    public void mqttRefused(String reason) {
        registry.counter("vigie.ingestion.mqtt.refused", "reason", reason).increment();
    }

    /** An accepted MQTT connection ended ({@code cause}: disconnect, no-disconnect, decode-error, io-error, error, or the server's reason code). */
    public void mqttClosed(String cause) {
        registry.counter("vigie.ingestion.mqtt.closed", "cause", cause).increment();
    }

    /** A device authentication with a secret: cached, verified, failed, locked-out or busy. */
    public void authentication(String outcome) {
        registry.counter("vigie.ingestion.auth.attempts", "outcome", outcome).increment();
    }

    /** A device id or a source address was locked after repeated failures ({@code scope}: device or address). */
    public void authenticationLockout(String scope) {
        registry.counter("vigie.ingestion.auth.lockouts", "scope", scope).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
