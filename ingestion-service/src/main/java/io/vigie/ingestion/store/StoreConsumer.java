package io.vigie.ingestion.store;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigie.core.messaging.EventReader;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.events.Topics;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.ingestion.messaging.KafkaPublisher;
import io.vigie.ingestion.pipeline.IngestionMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Writes accepted and quarantined readings to MongoDB in batches. Offsets are committed only after the write
 * (the returned Uni); while MongoDB is unavailable the batch is retried with backoff, holding its partitions,
 * so nothing is skipped. A record that is not a reading goes to its topic's DLQ, the rest of the batch is stored.
 */
@ApplicationScoped
public class StoreConsumer {

    private final ReadingStore store;
    private final EventReader reader;
    private final KafkaPublisher publisher;
    private final IngestionMetrics metrics;

    public StoreConsumer(ReadingStore store, EventReader reader, KafkaPublisher publisher, IngestionMetrics metrics) {
        this.store = store;
        this.reader = reader;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Incoming("readings-store")
    public Uni<Void> store(ConsumerRecords<String, String> batch) {
        List<ReadingAcceptedV1> readings = new ArrayList<>();
        List<KafkaPublisher.Raw> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> r : batch) {
            try {
                readings.add(reader.read(r.value(), ReadingAcceptedV1.class));
            } catch (EventReader.UnreadableEvent e) {
                Log.warnf("unreadable reading at %s-%d@%d sent to the DLQ: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
                dead.add(new KafkaPublisher.Raw(Topics.dlq(r.topic()), r.key(), r.value()));
            }
        }
        return publisher.publishRaw(dead)
                .chain(() -> store.write(readings))
                .invoke(w -> metrics.duplicates(w.duplicates()))
                .onFailure().invoke(e -> Log.warnf("telemetry batch of %d not stored yet, retrying: %s", readings.size(), ProblemMappers.describe(e)))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .replaceWithVoid();
    }
}
