package io.vigie.events.audit;

import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One access or change, emitted by every service to {@code platform.audit.recorded.v1} and chained by
 * patient-service into the platform's tamper-evident trail (HDS traceability). Ids, roles and outcomes only:
 * never a secret, a payload or a patient field in {@code details}.
 */
public record AuditRecordedV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source,
        String tenantId, String actorId, List<String> actorRoles, String action, String resource, String resourceId,
        String outcome, String purpose, Map<String, String> details) implements VigieEvent {

    public static final String TYPE = "AuditRecorded";
    public static final int VERSION = 1;

    /** A successful access or change, happening now. */
    public static AuditRecordedV1 success(String source, String tenantId, String actorId, List<String> actorRoles, String action,
            String resource, String resourceId, String purpose, Map<String, String> details) {
        return new AuditRecordedV1(UUID.randomUUID(), TYPE, VERSION, Instant.now(), source, tenantId, actorId, actorRoles, action,
                resource, resourceId, "SUCCESS", purpose, Map.copyOf(details));
    }
}
