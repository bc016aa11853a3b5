package io.vigie.inbox;

import io.vigie.events.VigieEvent;
import java.util.Objects;

/**
 * What a consumer declares: its name (metrics, ledger, DLQ header, health), the catalogue topic it reads, the event
 * record it handles, its consumer group and how redeliveries are recognized ({@link Ledger}).
 *
 * @param name       stable, unique in the service: {@code <service>-<what>}, e.g. {@code patient-audit}
 * @param topic      catalogue name ({@code io.vigie.events.Topics}); the environment's prefix is applied by the inbox
 * @param group      Kafka consumer group (the environment's suffix is applied by the inbox)
 * @param maxRecords records per poll, and per batch for an {@link InboxBatchHandler}
 * @param startAtEnd a new group starts at the end of the topic (live feeds), otherwise at its beginning
 * @param parallel   partitions processed concurrently (each in order); false keeps one record at a time
 */
public record InboxConsumer<E extends VigieEvent>(String name, String topic, Class<E> type, String group, Ledger ledger, int maxRecords,
        boolean startAtEnd, boolean parallel) {

    public InboxConsumer {
        Objects.requireNonNull(name);
        Objects.requireNonNull(topic);
        Objects.requireNonNull(type);
        Objects.requireNonNull(group);
        Objects.requireNonNull(ledger);
    }

    /** Defaults: redeliveries recognized by the PostgreSQL ledger, 100 records a poll, from the beginning, partitions in parallel. */
    public static <E extends VigieEvent> InboxConsumer<E> of(String name, String topic, Class<E> type, String group) {
        return new InboxConsumer<>(name, topic, type, group, Ledger.POSTGRESQL, 100, false, true);
    }

    /** For a handler that is idempotent by itself on a store without transactions (MongoDB): no ledger. */
    public InboxConsumer<E> idempotentHandler() {
        return new InboxConsumer<>(name, topic, type, group, Ledger.NONE, maxRecords, startAtEnd, parallel);
    }

    public InboxConsumer<E> maxRecords(int n) {
        return new InboxConsumer<>(name, topic, type, group, ledger, n, startAtEnd, parallel);
    }

    /** A live feed: a new consumer group starts at the end of the topic. */
    public InboxConsumer<E> fromLatest() {
        return new InboxConsumer<>(name, topic, type, group, ledger, maxRecords, true, parallel);
    }

    public InboxConsumer<E> oneAtATime() {
        return new InboxConsumer<>(name, topic, type, group, ledger, maxRecords, startAtEnd, false);
    }
}
