package io.vigie.patient.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vigie.events.Topics;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.events.patient.DeviceAssignmentsV1;
import io.vigie.outbox.Outbox;
import io.vigie.patient.model.CareTeamMember;
import io.vigie.patient.model.Consent;
import io.vigie.patient.model.DeviceAssignment;
import io.vigie.patient.model.Enrollment;
import io.vigie.patient.model.Patient;
import io.vigie.patient.repository.AssignmentRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes, through the outbox and in the caller's transaction, the states other services consume: the care plan
 * (alerting), the assignments of a device (ingestion) and consent (ingestion). Ids and flags only: no name, no INS.
 */
@ApplicationScoped
public class StatePublisher {

    private final Outbox outbox;
    private final AssignmentRepository assignments;
    private final ObjectMapper json;
    private final String source;

    public StatePublisher(Outbox outbox, AssignmentRepository assignments, ObjectMapper json,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.outbox = outbox;
        this.assignments = assignments;
        this.json = json;
        this.source = source;
    }

    public Uni<Void> carePlan(Patient p) {
        return Enrollment.<Enrollment>list("patientId = ?1 order by startDate", p.id).chain(enrollments -> CareTeamMember
                .<CareTeamMember>list("id.patientId", p.id).chain(team -> {
                    boolean erased = p.erasedAt != null;
                    Integer age = p.birthDate == null ? null : Period.between(p.birthDate, LocalDate.now(ZoneOffset.UTC)).getYears();
                    CarePlanV1 plan = new CarePlanV1(UUID.randomUUID(), CarePlanV1.TYPE, CarePlanV1.VERSION, Instant.now(), source, p.tenantId, p.id,
                            erased ? null : age, !erased && p.pregnant, !erased && p.fallRisk, !erased && p.hypercapnicRespiratoryFailure,
                            erased ? List.of() : enrollments.stream().map(this::enrollment).toList(),
                            erased ? List.of() : team.stream().map(m -> new CarePlanV1.CareTeamMember(m.id.userId(), m.role)).toList());
                    return outbox.enqueue(Topics.CAREPLAN_STATE, p.id.toString(), plan);
                }));
    }

    public Uni<Void> assignments(UUID deviceId, String tenantId) {
        return assignments.ofDevice(deviceId).chain(list -> outbox.enqueue(Topics.ASSIGNMENT_STATE, deviceId.toString(),
                new DeviceAssignmentsV1(UUID.randomUUID(), DeviceAssignmentsV1.TYPE, DeviceAssignmentsV1.VERSION, Instant.now(), source, tenantId,
                        deviceId, list.stream().map(StatePublisher::assignment).toList())));
    }

    public Uni<Void> consent(Patient p, Consent c) {
        return outbox.enqueue(Topics.CONSENT_STATE, p.id.toString(), new ConsentStateV1(UUID.randomUUID(), ConsentStateV1.TYPE,
                ConsentStateV1.VERSION, Instant.now(), source, p.tenantId, p.id, c.status, c.effectiveAt));
    }

    static DeviceAssignmentsV1.Assignment assignment(DeviceAssignment a) {
        return new DeviceAssignmentsV1.Assignment(a.id, a.patientId, a.from, a.to);
    }

    public CarePlanV1.Enrollment enrollment(Enrollment e) {
        return new CarePlanV1.Enrollment(e.id, e.program, e.startDate, e.endDate, read(e.schedule, new TypeReference<List<CarePlanV1.Schedule>>() {
        }), read(e.ruleOverrides, new TypeReference<List<CarePlanV1.RuleOverride>>() {
        }), e.escalationMinutes);
    }

    public String write(Object o) {
        try {
            return o == null ? null : json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public <T> T read(String text, TypeReference<T> type) {
        try {
            return text == null ? null : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON unreadable", e);
        }
    }
}
