package io.vigie.events.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A reading (or a whole message, when unparseable) that ingestion refused, with why
 * ({@code ingestion.reading.rejected.v1}, key deviceId). Never carries the payload, only ids and the reason.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReadingRejectedV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source,
        String tenantId, UUID deviceId, String deviceReadingId, Integer index, String code, String reason, String message,
        String via) implements VigieEvent {

    public static final String TYPE = "ReadingRejected";
    public static final int VERSION = 1;
}
