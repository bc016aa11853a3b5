package io.vigie.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vigie.core.tracing.Tracing;
import io.vigie.events.VigieEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Writes an event into the outbox table of the current transaction. Call it from a {@code @WithTransaction}
 * method: the event is committed (or rolled back) with the data, and {@link OutboxPublisher} sends it to Kafka
 * only after commit, so no change is lost or published without being committed.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> enqueue(String topic, String key, VigieEvent event) {
        OutboxEntry e = new OutboxEntry();
        e.eventId = event.eventId();
        e.topic = topic;
        e.recordKey = key;
        e.createdAt = Instant.now();
        e.traceparent = Tracing.traceparent(io.opentelemetry.context.Context.current()); // the trace goes on through Kafka
        try {
            e.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException ex) {
            return Uni.createFrom().failure(new IllegalStateException("event " + event.eventType() + " cannot be serialized", ex));
        }
        Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(PENDING, Boolean.TRUE); // lets the request's end nudge the publisher
        }
        return e.persist().replaceWithVoid();
    }

    static final String PENDING = "vigie.outbox.pending";
}
