package io.vigie.ingestion.store;

import io.smallrye.mutiny.Uni;
import io.vigie.events.Topics;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.inbox.InboxBatchHandler;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.ingestion.pipeline.IngestionMetrics;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Writes accepted and quarantined readings to MongoDB, a poll at a time, through the inbox: offsets committed after
 * the write, a write retried without end while MongoDB is unavailable, an unreadable record to its topic's DLQ. No
 * ledger: a reading's id is its document id, so a redelivered reading is a duplicate key, counted and ignored.
 */
public abstract class TelemetryWriter implements InboxBatchHandler<ReadingAcceptedV1> {

    private final ReadingStore store;
    private final IngestionMetrics metrics;
    private final String topic;
    private final String name;

    TelemetryWriter(ReadingStore store, IngestionMetrics metrics, String name, String topic) {
        this.store = store;
        this.metrics = metrics;
        this.name = name;
        this.topic = topic;
    }

    @Override
    public InboxConsumer<ReadingAcceptedV1> consumer() {
        return InboxConsumer.of(name, topic, ReadingAcceptedV1.class, "ingestion-store").idempotentHandler().maxRecords(500);
    }

    @Override
    public Uni<Void> handle(List<ReadingAcceptedV1> readings, InboxContext ctx) {
        return store.write(readings).invoke(w -> metrics.duplicates(w.duplicates())).replaceWithVoid();
    }

    /** Accepted readings. */
    @Singleton
    public static class Accepted extends TelemetryWriter {
        public Accepted(ReadingStore store, IngestionMetrics metrics) {
            super(store, metrics, "ingestion-store-accepted", Topics.READING_ACCEPTED);
        }
    }

    /** Readings of patients who withdrew consent: stored, never sent for alerting. */
    @Singleton
    public static class Quarantined extends TelemetryWriter {
        public Quarantined(ReadingStore store, IngestionMetrics metrics) {
            super(store, metrics, "ingestion-store-quarantined", Topics.READING_QUARANTINED);
        }
    }
}
