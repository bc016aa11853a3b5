package io.vigie.events.device;

import io.vigie.events.Topics;
import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Current state of one device, on the compacted topic {@link Topics#DEVICE_STATE} keyed by deviceId: all that
 * ingestion needs to authenticate a device, check what it may send and gate clinical grade, so the hot path
 * never calls the registry. {@code credentials} lists only usable ones (a revoked credential disappears);
 * {@code sequence} grows with every publication of the registry, so a consumer can ignore an older state.
 */
public record DeviceStateV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source,
        String tenantId, long sequence, UUID deviceId, UUID modelId, String serialNumber, DeviceKind kind,
        DeviceStatus status, String firmwareVersion, List<String> measurementCodes, List<Credential> credentials,
        ClinicalGrade.Inputs clinicalGradeInputs, PayloadMapping payloadMapping) implements VigieEvent {

    public static final String TYPE = "DeviceStateChanged";
    public static final int VERSION = 1;

    /** A usable credential; {@code validUntil} is set while a rotated secret is in its grace period. */
    public record Credential(UUID credentialId, CredentialKind kind, String secretHash, String fingerprintSha256,
            Instant validUntil) {

        public boolean usableAt(Instant now) {
            return validUntil == null || now.isBefore(validUntil);
        }
    }
}
