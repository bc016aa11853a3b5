package io.vigie.inbox;

import io.smallrye.mutiny.Uni;
import io.vigie.events.VigieEvent;
import java.util.List;

/**
 * Handles the decoded, valid, not yet processed events of one poll together, with the same guarantees as
 * {@link InboxHandler}: one transaction with the ledger, offsets committed after it. {@link InboxContext#reject}
 * sends one event to the DLQ and lets the others commit; if the whole call throws a
 * {@link io.vigie.core.messaging.PoisonEvent}, the events are handled again one by one so that only the
 * refused one is set aside.
 */
public interface InboxBatchHandler<E extends VigieEvent> {

    InboxConsumer<E> consumer();

    Uni<Void> handle(List<E> events, InboxContext ctx);
}
