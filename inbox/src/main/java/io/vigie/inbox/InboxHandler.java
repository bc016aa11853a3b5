package io.vigie.inbox;

import io.smallrye.mutiny.Uni;
import io.vigie.events.VigieEvent;

/**
 * Handles one event at a time. {@link #handle} runs in one transaction with the ledger's record of the event
 * (PostgreSQL ledger), on a Vert.x context; the offset is committed only after it. Throw
 * {@link io.vigie.core.messaging.PoisonEvent#refused} to refuse an event for good (it goes to the DLQ); any other
 * failure is retried without end. Declare the bean {@code @ApplicationScoped}: the inbox finds and starts it.
 */
public interface InboxHandler<E extends VigieEvent> {

    InboxConsumer<E> consumer();

    Uni<Void> handle(E event, InboxContext ctx);
}
