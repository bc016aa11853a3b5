package io.vigie.events.patient;

import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A patient's consent to telemonitoring ({@code patient.consent.state.v1}, compacted, key patientId). Withdrawn:
 * ingestion no longer forwards the patient's readings for alerting from {@code effectiveAt} on.
 */
public record ConsentStateV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source,
        String tenantId, UUID patientId, Status status, Instant effectiveAt) implements VigieEvent {

    public static final String TYPE = "ConsentChanged";
    public static final int VERSION = 1;

    public enum Status {
        GIVEN, WITHDRAWN
    }

    public boolean withdrawnAt(Instant t) {
        return status == Status.WITHDRAWN && (effectiveAt == null || !t.isBefore(effectiveAt));
    }
}
