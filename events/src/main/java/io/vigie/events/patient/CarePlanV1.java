package io.vigie.events.patient;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.events.VigieEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What alerting needs of a patient ({@code patient.careplan.state.v1}, compacted, key patientId): enrolled programs
 * with schedules and clinician overrides of the default rules, the flags that change rules (fall risk, NEWS2
 * scale 2, pregnancy, age) and the care team that receives escalations. No name, no identifier: ids only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CarePlanV1(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String source, String tenantId,
        UUID patientId, Integer ageYears, boolean pregnant, boolean fallRisk, boolean hypercapnicRespiratoryFailure,
        List<Enrollment> enrollments, List<CareTeamMember> careTeam) implements VigieEvent {

    public static final String TYPE = "CarePlanChanged";
    public static final int VERSION = 1;

    /** An enrollment in a program; {@code end} null while ongoing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Enrollment(UUID enrollmentId, MonitoringProgram program, LocalDate start, LocalDate end, List<Schedule> schedule,
            List<RuleOverride> ruleOverrides, Integer escalationMinutes) {

        public boolean activeOn(LocalDate day) {
            return !day.isBefore(start) && (end == null || !day.isAfter(end));
        }
    }

    /** A measurement expected every {@code period}; missing beyond period + grace raises a missed-measurement alert. */
    public record Schedule(String code, Duration period, Duration grace) {
    }

    /** A clinician's change to one default rule for this patient: enable/disable and parameters by name. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleOverride(String ruleKey, Boolean enabled, Map<String, Double> params) {
    }

    public record CareTeamMember(String userId, String role) {
    }
}
