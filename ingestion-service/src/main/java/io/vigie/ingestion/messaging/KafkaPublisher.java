package io.vigie.ingestion.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigie.core.messaging.TopicNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends the records of one device message through one idempotent producer (acks=all) and completes only when
 * Kafka acknowledged every one of them; otherwise fails with {@link KafkaUnavailable}, so the front door withholds
 * the device's acknowledgement. How long a device waits is the producer's own bound ({@code delivery.timeout.ms},
 * {@code max.block.ms}): no second timer here, which would fail a message Kafka may still write.
 */
@ApplicationScoped
public class KafkaPublisher {

    /** One record: catalogue topic (the environment's prefix is applied here), key and the event serialized as JSON. */
    public record Out(String topic, String key, Object event) {
    }

    private final MutinyEmitter<String> emitter;
    private final TopicNames topics;
    private final ObjectMapper json;

    public KafkaPublisher(@Channel("ingest-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192) MutinyEmitter<String> emitter,
            TopicNames topics, ObjectMapper json) {
        this.emitter = emitter;
        this.topics = topics;
        this.json = json;
    }

    public Uni<Void> publish(List<Out> records) {
        return publish(records, Context.current());
    }

    /** Publishes {@code records} as part of {@code trace}: each producer span is its child, its traceparent in the headers. */
    public Uni<Void> publish(List<Out> records, Context trace) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends;
        try {
            sends = records.stream().map(r -> send(r, trace)).toList();
        } catch (RuntimeException e) { // emitter overflow or channel down: fail fast, the device resends
            return Uni.createFrom().failure(new KafkaUnavailable("Kafka producer not accepting records", e));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid()
                .onFailure(f -> !(f instanceof KafkaUnavailable)).transform(f -> new KafkaUnavailable("Kafka refused the records", f));
    }

    private Uni<Void> send(Out r, Context trace) {
        String payload;
        try {
            payload = json.writeValueAsString(r.event());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serializable", e);
        }
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder().withTopic(topics.of(r.topic())).withKey(r.key()).build();
        return emitter.sendMessage(Message.of(payload).addMetadata(meta).addMetadata(TracingMetadata.withCurrent(trace)));
    }
}
