package io.vigie.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Envelope every Vigie event carries: {@code eventId} (idempotency key for consumers), {@code eventType},
 * {@code schemaVersion}, {@code occurredAt} (UTC), {@code source} (producing service) and {@code tenantId}
 * (hospital). Subject ids (deviceId, patientId, …) are fields of each event.
 */
public interface VigieEvent {
    UUID eventId();

    String eventType();

    int schemaVersion();

    Instant occurredAt();

    String source();

    String tenantId();
}
