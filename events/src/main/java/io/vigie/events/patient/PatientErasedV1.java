package io.vigie.events.patient;

import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A patient's data must be erased (GDPR art. 17) in every service ({@code patient.patient.erased.v1}, key patientId).
 * Each service deletes what it holds and answers with {@link ErasureCompletedV1}; {@code services} lists who must.
 */
public record PatientErasedV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source, String tenantId,
        UUID patientId, List<UUID> deviceIds, List<String> services) implements VigieEvent {

    public static final String TYPE = "PatientErased";
    public static final int VERSION = 1;
}
