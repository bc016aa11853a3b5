package io.vigie.events.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a person does with a patient's alerts and rules ({@code alerting.alert.command.v1}, key patientId), sent by
 * alerting's API once it checked the caller's role and hospital, and applied by the patient's evaluator — the single
 * writer of their alerts — which answers on {@code alerting.command.outcome.v1}. {@code eventId} is the command
 * id. Who acted ({@code actorId}, roles, purpose) is what the audit trail records.
 *
 * @param expectedRevision the alert revision the caller saw ({@code If-Match}); null: whatever it is now
 * @param text             the comment, the resolution note or the silence's reason
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertCommandV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source, String tenantId,
        UUID patientId, Command command, UUID alertId, Long expectedRevision, String actorId, List<String> actorRoles, String purpose,
        String assignee, Boolean actionable, String text, String ruleKey, Boolean enabled, Map<String, Double> params, UUID silenceId,
        Instant until) implements VigieEvent {

    public static final String TYPE = "AlertCommand";
    public static final int VERSION = 1;

    public enum Command {
        ACKNOWLEDGE, ASSIGN, RESOLVE, COMMENT, SILENCE, LIFT_SILENCE, OVERRIDE_RULE
    }

    /** A command on an alert (acknowledge, assign, resolve, comment). */
    public static AlertCommandV1 onAlert(String source, String tenantId, UUID patientId, Command command, UUID alertId, Long expectedRevision,
            String actorId, List<String> roles, String purpose, String assignee, Boolean actionable, String text) {
        return new AlertCommandV1(UUID.randomUUID(), TYPE, VERSION, Instant.now(), source, tenantId, patientId, command, alertId, expectedRevision,
                actorId, roles, purpose, assignee, actionable, text, null, null, null, null, null);
    }

    /** A command on a patient's rule (override, silence, lift a silence). */
    public static AlertCommandV1 onRule(String source, String tenantId, UUID patientId, Command command, String ruleKey, String actorId,
            List<String> roles, String purpose, Boolean enabled, Map<String, Double> params, String reason, UUID silenceId, Instant until) {
        return new AlertCommandV1(UUID.randomUUID(), TYPE, VERSION, Instant.now(), source, tenantId, patientId, command, null, null, actorId, roles,
                purpose, null, null, reason, ruleKey, enabled, params, silenceId, until);
    }
}
