package io.vigie.events.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * How the patient's evaluator answered a command ({@code alerting.command.outcome.v1}, key patientId): accepted
 * (with the alert, the override or the silence as they now are) or refused, and why. alerting's API waits for it to
 * answer the person; the read model records accepted overrides and silences.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertCommandOutcomeV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source, String tenantId,
        UUID commandId, UUID patientId, AlertCommandV1.Command command, Result result, String reason, AlertChangedV1 alert, RuleOverride rule,
        Silence silence) implements VigieEvent {

    public static final String TYPE = "AlertCommandOutcome";
    public static final int VERSION = 1;

    public enum Result {
        ACCEPTED, NOT_FOUND, CONFLICT, PRECONDITION_FAILED, INVALID
    }

    /** A clinician's override of one rule, as the evaluator now applies it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleOverride(String ruleKey, Boolean enabled, Map<String, Double> params, String updatedBy, Instant updatedAt) {
    }

    /** A silence of one rule, as the evaluator now applies it ({@code lifted}: ended before its time). */
    public record Silence(UUID id, String ruleKey, String reason, Instant until, String createdBy, Instant createdAt, boolean lifted) {
    }

    public static AlertCommandOutcomeV1 of(String source, AlertCommandV1 c, Result result, String reason, AlertChangedV1 alert, RuleOverride rule,
            Silence silence) {
        return new AlertCommandOutcomeV1(UUID.randomUUID(), TYPE, VERSION, Instant.now(), source, c.tenantId(), c.eventId(), c.patientId(), c.command(),
                result, reason, alert, rule, silence);
    }

    public boolean accepted() {
        return result == Result.ACCEPTED;
    }
}
