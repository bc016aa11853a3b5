package io.vigie.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code vigie_inbox_retries_total{consumer,cause}}, {@code vigie_inbox_processed_total{consumer}},
 * {@code vigie_inbox_duplicates_total{consumer}}, {@code vigie_inbox_dead_letters_total{consumer,kind}} and the
 * gauge {@code vigie_inbox_stuck_seconds{consumer}} (how long the oldest retry under way has lasted).
 */
@ApplicationScoped
public class InboxMetrics {

    private final MeterRegistry registry;

    public InboxMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(ConsumerState state) {
        registry.gauge("vigie.inbox.stuck.seconds", java.util.List.of(io.micrometer.core.instrument.Tag.of("consumer", state.name())), state,
                ConsumerState::stuckSeconds);
    }

    void retry(String consumer, String cause) {
        Counter.builder("vigie.inbox.retries").tag("consumer", consumer).tag("cause", cause).register(registry).increment();
    }

    void processed(String consumer, long n) {
        Counter.builder("vigie.inbox.processed").tag("consumer", consumer).register(registry).increment(n);
    }

    void duplicates(String consumer, long n) {
        Counter.builder("vigie.inbox.duplicates").tag("consumer", consumer).register(registry).increment(n);
    }

    void deadLettered(String consumer, String kind) {
        Counter.builder("vigie.inbox.dead.letters").tag("consumer", consumer).tag("kind", kind).register(registry).increment();
    }
}
