package io.vigie.core.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads an event that a consumer received as text. A record that is not valid JSON of the expected type fails
 * here with {@link UnreadableEvent}, a {@link PoisonEvent}: the inbox forwards the raw record to {@code <topic>.dlq}.
 */
@ApplicationScoped
public class EventReader {

    /** An event that cannot be read; its message never contains the record's content. */
    public static class UnreadableEvent extends PoisonEvent {
        public UnreadableEvent(String message) {
            super("undecodable", message);
        }
    }

    private final ObjectMapper json;

    public EventReader(ObjectMapper json) {
        // events evolve additively within a version: a field this service does not know yet is not an error
        this.json = json.copy().disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public <T> T read(String payload, Class<T> type) {
        if (payload == null || payload.isBlank()) {
            throw new UnreadableEvent("empty record where a " + type.getSimpleName() + " was expected");
        }
        try {
            T event = json.readValue(payload, type);
            if (event == null) { // the JSON literal null
                throw new UnreadableEvent("record is null where a " + type.getSimpleName() + " was expected");
            }
            return event;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new UnreadableEvent("record is not a valid " + type.getSimpleName() + where);
        }
    }
}
