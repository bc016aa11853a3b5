package io.vigie.events.patient;

import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A service erased a patient's data ({@code platform.erasure.completed.v1}, key patientId), with what it deleted. */
public record ErasureCompletedV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source, String tenantId,
        UUID patientId, String service, Map<String, Long> deleted) implements VigieEvent {

    public static final String TYPE = "ErasureCompleted";
    public static final int VERSION = 1;
}
