package io.vigie.inbox;

import io.smallrye.mutiny.Uni;
import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** How a consumer recognizes an event it already processed (Kafka redelivers after a crash or a rebalance). */
public interface Ledger {

    /** {@code inbox_processed(consumer, event_id, processed_at)} written in the handler's own PostgreSQL transaction. */
    Ledger POSTGRESQL = new Ledger() {
        @Override
        public <E extends VigieEvent> Uni<Void> once(String consumer, List<E> events, InboxContext ctx, Function<List<E>, Uni<Void>> work) {
            return PostgresLedger.once(consumer, events, ctx, work);
        }

        @Override
        public Uni<Long> prune(Instant before) {
            return PostgresLedger.prune(before);
        }
    };

    /** No ledger: the handler is idempotent by itself (deletes, writes keyed by a deterministic id). */
    Ledger NONE = new Ledger() {
        @Override
        public <E extends VigieEvent> Uni<Void> once(String consumer, List<E> events, InboxContext ctx, Function<List<E>, Uni<Void>> work) {
            return work.apply(events);
        }

        @Override
        public Uni<Long> prune(Instant before) {
            return Uni.createFrom().item(0L);
        }
    };

    /** Runs {@code work} with those of {@code events} not processed yet, and records them as processed, in one unit. */
    <E extends VigieEvent> Uni<Void> once(String consumer, List<E> events, InboxContext ctx, Function<List<E>, Uni<Void>> work);

    /** Forgets events processed before {@code before}; returns how many. */
    Uni<Long> prune(Instant before);
}
