package io.vigie.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.vigie.core.messaging.TopicNames;
import io.vigie.core.tracing.Tracing;
import io.vigie.core.problem.ProblemMappers;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes committed outbox rows in insertion order, then marks them published in the same transaction that
 * holds a PostgreSQL advisory lock, so several instances never publish concurrently (which could reorder events
 * of one key). A row is marked only after Kafka acknowledged it (acks=all): if Kafka is down, nothing is
 * marked and the batch is sent again at the next tick (consumers are idempotent by eventId).
 */
@ApplicationScoped
public class OutboxPublisher {

    /** Arbitrary constant shared by all services' publishers (each service has its own database). */
    static final long ADVISORY_LOCK_KEY = 0x76_69_67_69_65L; // "vigie"

    private final MutinyEmitter<String> emitter;
    private final TopicNames topics;
    private final int batchSize;
    private final Duration retention;
    private final AtomicLong pending = new AtomicLong();
    private volatile Instant lastFailureLog = Instant.EPOCH;

    public OutboxPublisher(@Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048) MutinyEmitter<String> emitter,
            TopicNames topics, @ConfigProperty(name = "vigie.outbox.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "vigie.outbox.retention", defaultValue = "P7D") Duration retention,
            MeterRegistry metrics) {
        this.emitter = emitter;
        this.topics = topics;
        this.batchSize = batchSize;
        this.retention = retention;
        metrics.gauge("vigie.outbox.pending", pending);
    }

    /** One scheduled round (see {@link OutboxTicker}): failures are logged at most every 30 s and retried next time. */
    Uni<Void> tick() {
        return publishPending().replaceWithVoid().onFailure().recoverWithUni(e -> {
            if (Instant.now().isAfter(lastFailureLog.plusSeconds(30))) { // Kafka down: say so, but not twice a second
                lastFailureLog = Instant.now();
                Log.warnf("outbox: publication failed, will retry: %s", ProblemMappers.describe(e));
            }
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Publishes soon, on a context of its own, without waiting for the next tick: called after a write request
     * committed, it brings an event such as a revocation to Kafka in milliseconds. The tick stays the guarantee.
     */
    public void nudge() {
        io.vertx.core.Context context = VertxContext.createNewDuplicatedContext();
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(v -> publishPending().subscribe().with(n -> {
        }, e -> {
        }));
    }

    /** Publishes what is pending now; returns how many rows were published. */
    public Uni<Integer> publishPending() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("select pg_try_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")", Boolean.class).getSingleResult())
                .chain(locked -> locked ? sendBatch() : Uni.createFrom().item(0)));
    }

    private Uni<Integer> sendBatch() {
        return OutboxEntry.<OutboxEntry>find("publishedAt is null", Sort.by("seq")).page(0, batchSize).list()
                .chain(batch -> {
                    if (batch.isEmpty()) {
                        pending.set(0);
                        return Uni.createFrom().item(0);
                    }
                    // sent in order through one producer (idempotent, acks=all): per-partition order is kept
                    List<Uni<Void>> sends = batch.stream().map(this::send).toList();
                    return Uni.join().all(sends).andFailFast()
                            .chain(() -> OutboxEntry.update("publishedAt = ?1 where seq in ?2", Instant.now(),
                                    batch.stream().map(e -> e.seq).toList()))
                            .chain(() -> OutboxEntry.count("publishedAt is null"))
                            .invoke(left -> pending.set(left))
                            .replaceWith(batch.size());
                });
    }

    private Uni<Void> send(OutboxEntry e) {
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topics.of(e.topic)).withKey(e.recordKey).build();
        // the producer span is a child of the change that wrote the event, and its traceparent goes in the record's headers
        return emitter.sendMessage(Message.of(e.payload).addMetadata(meta).addMetadata(TracingMetadata.withCurrent(Tracing.fromTraceparent(e.traceparent))));
    }

    /** Published rows are kept a while for diagnosis, then deleted. */
    Uni<Void> cleanup() {
        return Panache.withTransaction(() -> OutboxEntry.delete("publishedAt < ?1", Instant.now().minus(retention)))
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("outbox: deleted %d published rows older than %s", n, retention);
                    }
                }).replaceWithVoid();
    }
}
