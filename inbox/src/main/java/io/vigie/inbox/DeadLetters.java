package io.vigie.inbox;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vigie.core.messaging.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes poison records to {@code <topic>.dlq} as they were received (key, value, headers), with why; and, for the
 * DLQ operations, puts records back on their topic. One idempotent producer, acks=all; a send completes only when
 * Kafka acknowledged it, and fails (to be retried) when Kafka does not.
 */
@ApplicationScoped
public class DeadLetters {

    /** Headers added to a dead letter. The reason names fields and ids only, never the record's content. */
    public static final String REASON = "vigie-dlq-reason";
    public static final String KIND = "vigie-dlq-kind";
    public static final String EXCEPTION = "vigie-dlq-exception";
    public static final String CONSUMER = "vigie-dlq-consumer";
    public static final String TOPIC = "vigie-dlq-topic";
    public static final String PARTITION = "vigie-dlq-partition";
    public static final String OFFSET = "vigie-dlq-offset";
    public static final String FIRST_FAILURE = "vigie-dlq-first-failure";
    /** On a replay marker written to the DLQ: the dead letter replayed ({@code partition:offset}) and by whom. */
    public static final String REPLAY_OF = "vigie-dlq-replay-of";
    public static final String REPLAYED_BY = "vigie-dlq-replayed-by";
    /** On a record put back on its topic: the dead letter it came from ({@code dlq-topic/partition:offset}). */
    public static final String REPLAYED_FROM = "vigie-replayed-from";

    private final KafkaSettings kafka;
    private final String clientId;
    private volatile Producer<String, byte[]> producer;

    public DeadLetters(KafkaSettings kafka, @ConfigProperty(name = "quarkus.application.name") String application) {
        this.kafka = kafka;
        this.clientId = application + "-inbox-dlq";
    }

    /** Sends {@code r} to {@code dlqTopic} with the reason; completes when Kafka acknowledged it. */
    public Uni<Void> deadLetter(String dlqTopic, ConsumerRecord<String, byte[]> r, String consumer, String kind, String reason,
            String exception, Instant firstFailure) {
        Headers headers = new RecordHeaders();
        for (Header h : r.headers()) {
            headers.add(h);
        }
        put(headers, REASON, reason);
        put(headers, KIND, kind);
        put(headers, EXCEPTION, exception);
        put(headers, CONSUMER, consumer);
        put(headers, TOPIC, r.topic());
        put(headers, PARTITION, Integer.toString(r.partition()));
        put(headers, OFFSET, Long.toString(r.offset()));
        put(headers, FIRST_FAILURE, firstFailure.toString());
        return send(new ProducerRecord<>(dlqTopic, null, r.key(), r.value(), headers));
    }

    /** Sends one record; completes when Kafka acknowledged it (acks=all). */
    public Uni<Void> send(ProducerRecord<String, byte[]> record) {
        return Uni.createFrom().<Void>emitter(em -> producer().send(record, (meta, failure) -> {
            if (failure != null) {
                em.fail(failure);
            } else {
                em.complete(null);
            }
        })).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) // send() may block on metadata while Kafka is away
                .emitOn(Infrastructure.getDefaultWorkerPool()); // and what follows never runs on the producer's I/O thread
    }

    static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(kafka.with(Map.of(
                            ProducerConfig.CLIENT_ID_CONFIG, clientId,
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())));
                }
                p = producer;
            }
        }
        return p;
    }

    void close(@Observes ShutdownEvent event) {
        Producer<String, byte[]> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }
}
