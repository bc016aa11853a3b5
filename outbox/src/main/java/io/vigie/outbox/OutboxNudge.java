package io.vigie.outbox;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** After a request that wrote to the outbox (and committed: the resource's Uni is done), publish right away. */
public class OutboxNudge {

    private final OutboxPublisher publisher;

    public OutboxNudge(OutboxPublisher publisher) {
        this.publisher = publisher;
    }

    @ServerResponseFilter
    public void afterWrite() {
        Context context = Vertx.currentContext();
        if (context != null && Boolean.TRUE.equals(context.getLocal(Outbox.PENDING))) {
            context.removeLocal(Outbox.PENDING);
            publisher.nudge();
        }
    }
}
