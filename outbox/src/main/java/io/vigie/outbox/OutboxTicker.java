package io.vigie.outbox;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Drives the publisher on a schedule, but only once the application has started: creating the publisher earlier
 * (its Kafka emitter) would race the wiring of the messaging channels.
 */
@ApplicationScoped
public class OutboxTicker {

    private final Instance<OutboxPublisher> publisher;
    private volatile boolean started;

    public OutboxTicker(Instance<OutboxPublisher> publisher) {
        this.publisher = publisher;
    }

    void started(@Observes StartupEvent event) {
        started = true; // application observers run after the platform's, so the channels are wired by now
    }

    @Scheduled(every = "${vigie.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "outbox-publisher")
    Uni<Void> publish() {
        return started ? publisher.get().tick() : Uni.createFrom().voidItem();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "outbox-cleanup")
    Uni<Void> cleanup() {
        return started ? publisher.get().cleanup() : Uni.createFrom().voidItem();
    }
}
