package io.vigie.events.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An alert was raised, repeated, acknowledged, assigned, commented, escalated or resolved
 * ({@code alerting.alert.changed.v1}, key patientId). {@code recipients} lists the users to notify (escalation).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertChangedV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source, String tenantId,
        UUID alertId, String alertKey, UUID patientId, String ruleKey, String title, String priority, String status, String change,
        int count, String lastValue, Instant measuredAt, boolean late, boolean clinicalGrade, int escalationLevel, List<String> recipients,
        String actorId) implements VigieEvent {

    public static final String TYPE = "AlertChanged";
    public static final int VERSION = 1;
}
