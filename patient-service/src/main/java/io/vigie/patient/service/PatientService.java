package io.vigie.patient.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vigie.core.problem.Problem.FieldError;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.rest.ETags;
import io.vigie.core.rest.Page;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.security.Caller;
import io.vigie.events.alert.RuleCatalogue;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.events.patient.MonitoringProgram;
import io.vigie.patient.audit.PatientAudit;
import io.vigie.patient.model.CareTeamMember;
import io.vigie.patient.model.Consent;
import io.vigie.patient.model.DeviceAssignment;
import io.vigie.patient.model.Enrollment;
import io.vigie.patient.model.KnownDevice;
import io.vigie.patient.model.Patient;
import io.vigie.patient.repository.AssignmentRepository;
import io.vigie.patient.repository.PatientRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Patients of the caller's hospitals, their care team, program enrollments, device assignments and consent. Each
 * operation is audited (including refusals) and publishes the changed state through the outbox.
 */
@ApplicationScoped
public class PatientService {

    /** A patient and everything attached to them. */
    public record Details(Patient patient, List<CareTeamMember> careTeam, List<Enrollment> enrollments, List<DeviceAssignment> assignments,
            List<Consent> consents) {

        public Consent currentConsent() {
            return consents.isEmpty() ? null : consents.get(consents.size() - 1);
        }
    }

    public record TeamMember(String userId, String role) {
    }

    public record EnrollmentSpec(MonitoringProgram program, LocalDate start, LocalDate end, List<CarePlanV1.Schedule> schedule,
            List<CarePlanV1.RuleOverride> ruleOverrides, Integer escalationMinutes) {
    }

    private final PatientRepository patients;
    private final AssignmentRepository assignments;
    private final StatePublisher publisher;
    private final PatientAudit audit;

    public PatientService(PatientRepository patients, AssignmentRepository assignments, StatePublisher publisher, PatientAudit audit) {
        this.patients = patients;
        this.assignments = assignments;
        this.publisher = publisher;
        this.audit = audit;
    }

    public Uni<Details> create(Caller caller, PatientSpec spec) {
        return audit.guarded(caller, "CREATE", "patient", null, () -> {
            String hospital = caller.hospitalForWrite(spec.hospitalId());
            String ins = checkIns(spec.ins());
            Uni<Boolean> taken = ins == null ? Uni.createFrom().item(false) : patients.insTaken(hospital, ins, null);
            return taken.chain(t -> {
                if (t) {
                    throw ProblemException.conflict("duplicate-ins", "A patient with this INS already exists in this hospital.");
                }
                Patient p = new Patient();
                p.id = UUID.randomUUID();
                p.tenantId = hospital;
                p.createdAt = Instant.now();
                apply(p, spec, ins);
                return patients.persist(p).call(patients::flush).call(() -> publisher.carePlan(p))
                        .call(() -> audit.success(caller, hospital, "CREATE", "patient", p.id, Map.of()))
                        .chain(() -> details(p));
            });
        });
    }

    public Uni<Details> get(Caller caller, UUID id) {
        return audit.guarded(caller, "READ", "patient", id, () -> visible(caller, id)
                .call(p -> audit.success(caller, p.tenantId, "READ", "patient", id, Map.of())).chain(this::details));
    }

    public Uni<Page<Patient>> search(Caller caller, String name, String ins, String localId, PageRequest page) {
        PatientRepository.Criteria c = new PatientRepository.Criteria(caller.isGroupWide() ? null : caller.hospitals(), blank(name),
                blank(ins) == null ? null : Ins.normalize(ins), blank(localId));
        return audit.guarded(caller, "SEARCH", "patient", null, () -> patients.search(c, page.page(), page.size())
                .chain(list -> patients.countSearch(c).map(n -> new Page<>(list, page.page(), page.size(), n)))
                .call(p -> audit.success(caller, null, "SEARCH", "patient", null, Map.of("results", String.valueOf(p.items().size())))));
    }

    public Uni<Details> update(Caller caller, UUID id, String ifMatch, PatientSpec spec) {
        return audit.guarded(caller, "UPDATE", "patient", id, () -> visible(caller, id).chain(p -> {
            ETags.require(ifMatch, p.version);
            String ins = checkIns(spec.ins());
            Uni<Boolean> taken = ins == null ? Uni.createFrom().item(false) : patients.insTaken(p.tenantId, ins, id);
            return taken.chain(t -> {
                if (t) {
                    throw ProblemException.conflict("duplicate-ins", "Another patient of this hospital has this INS.");
                }
                apply(p, spec, ins);
                return patients.flush().call(() -> publisher.carePlan(p))
                        .call(() -> audit.success(caller, p.tenantId, "UPDATE", "patient", id, Map.of("version", String.valueOf(p.version))))
                        .chain(() -> details(p));
            });
        }));
    }

    public Uni<Details> setCareTeam(Caller caller, UUID id, List<TeamMember> team) {
        for (TeamMember m : team) {
            if (m == null || m.userId() == null || m.userId().isBlank() || !List.of("clinician", "nurse").contains(m.role())) {
                throw ProblemException.invalidField("careTeam", "each member needs a userId and a role: clinician or nurse");
            }
        }
        return audit.guarded(caller, "UPDATE", "care-team", id, () -> visible(caller, id).chain(p -> CareTeamMember.delete("id.patientId", id)
                .chain(() -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (TeamMember m : team) {
                        CareTeamMember c = new CareTeamMember();
                        c.id = new CareTeamMember.Key(id, m.userId());
                        c.role = m.role();
                        c.since = Instant.now();
                        chain = chain.chain(() -> c.persist().replaceWithVoid());
                    }
                    return chain;
                })
                .call(() -> touch(p)).call(() -> publisher.carePlan(p))
                .call(() -> audit.success(caller, p.tenantId, "UPDATE", "care-team", id, Map.of("members", String.valueOf(team.size()))))
                .chain(() -> details(p))));
    }

    public Uni<Enrollment> enroll(Caller caller, UUID id, EnrollmentSpec spec) {
        validate(spec);
        return audit.guarded(caller, "CREATE", "enrollment", id, () -> visible(caller, id).chain(p -> Enrollment
                .count("patientId = ?1 and program = ?2 and (endDate is null or endDate >= ?3)", id, spec.program(), spec.start()).chain(n -> {
                    if (n > 0) {
                        throw ProblemException.conflict("already-enrolled", "The patient is already enrolled in " + spec.program() + " over this period.");
                    }
                    Enrollment e = new Enrollment();
                    e.id = UUID.randomUUID();
                    e.patientId = id;
                    e.createdAt = Instant.now();
                    apply(e, spec);
                    return e.<Enrollment>persist().call(() -> Enrollment.getSession().chain(s -> s.flush())).call(() -> touch(p))
                            .call(() -> publisher.carePlan(p))
                            .call(() -> audit.success(caller, p.tenantId, "CREATE", "enrollment", e.id, Map.of("patientId", id.toString(),
                                    "program", spec.program().name())));
                })));
    }

    public Uni<Enrollment> updateEnrollment(Caller caller, UUID id, UUID enrollmentId, String ifMatch, EnrollmentSpec spec) {
        validate(spec);
        return audit.guarded(caller, "UPDATE", "enrollment", enrollmentId, () -> visible(caller, id).chain(p -> Enrollment
                .<Enrollment>findById(enrollmentId).chain(e -> {
                    if (e == null || !e.patientId.equals(id)) {
                        throw ProblemException.notFound("Enrollment", enrollmentId.toString());
                    }
                    ETags.require(ifMatch, e.version);
                    apply(e, spec);
                    return Enrollment.getSession().chain(s -> s.flush()).call(() -> touch(p)).call(() -> publisher.carePlan(p))
                            .call(() -> audit.success(caller, p.tenantId, "UPDATE", "enrollment", enrollmentId, Map.of("patientId", id.toString())))
                            .replaceWith(e);
                })));
    }

    /** A device lent to the patient over [from, to): 409 if it overlaps another assignment of the device. */
    public Uni<DeviceAssignment> assign(Caller caller, UUID id, UUID deviceId, Instant from, Instant to) {
        if (to != null && !to.isAfter(from)) {
            throw ProblemException.invalidField("to", "must be after from");
        }
        return audit.guarded(caller, "CREATE", "assignment", id, () -> visible(caller, id).chain(p -> KnownDevice.<KnownDevice>findById(deviceId)
                .chain(device -> {
                    if (device == null || !device.tenantId.equals(p.tenantId)) {
                        throw ProblemException.unprocessable("unknown-device", "No device with this id is registered in this patient's hospital.");
                    }
                    if ("RETIRED".equals(device.status)) {
                        throw ProblemException.unprocessable("device-retired", "The device is RETIRED.");
                    }
                    return assignments.overlapping(deviceId, from, to, null).chain(clash -> {
                        if (!clash.isEmpty()) {
                            throw ProblemException.conflict("assignment-overlap", "The device is assigned to another patient over part of this interval"
                                    + " (from " + clash.get(0).from + (clash.get(0).to == null ? "" : " to " + clash.get(0).to)
                                    + "): end that assignment first.");
                        }
                        DeviceAssignment a = new DeviceAssignment();
                        a.id = UUID.randomUUID();
                        a.tenantId = p.tenantId;
                        a.deviceId = deviceId;
                        a.patientId = id;
                        a.from = from;
                        a.to = to;
                        a.createdBy = caller.userId();
                        return assignments.persist(a).call(assignments::flush).call(() -> publisher.assignments(deviceId, p.tenantId))
                                .call(() -> audit.success(caller, p.tenantId, "CREATE", "assignment", a.id, Map.of("patientId", id.toString(),
                                        "deviceId", deviceId.toString())));
                    });
                })));
    }

    public Uni<DeviceAssignment> endAssignment(Caller caller, UUID id, UUID assignmentId, Instant to) {
        return audit.guarded(caller, "UPDATE", "assignment", assignmentId, () -> visible(caller, id).chain(p -> assignments.findById(assignmentId)
                .chain(a -> {
                    if (a == null || !a.patientId.equals(id)) {
                        throw ProblemException.notFound("Assignment", assignmentId.toString());
                    }
                    Instant end = to == null ? Instant.now() : to;
                    if (!end.isAfter(a.from)) {
                        throw ProblemException.invalidField("to", "must be after the start of the assignment");
                    }
                    a.to = end;
                    return assignments.flush().call(() -> publisher.assignments(a.deviceId, p.tenantId))
                            .call(() -> audit.success(caller, p.tenantId, "UPDATE", "assignment", assignmentId, Map.of("patientId", id.toString(),
                                    "deviceId", a.deviceId.toString())))
                            .replaceWith(a);
                })));
    }

    public Uni<Consent> consent(Caller caller, UUID id, ConsentStateV1.Status status, Instant effectiveAt) {
        return audit.guarded(caller, "CREATE", "consent", id, () -> visible(caller, id).chain(p -> {
            Consent c = new Consent();
            c.id = UUID.randomUUID();
            c.patientId = id;
            c.status = status;
            c.effectiveAt = effectiveAt == null ? Instant.now() : effectiveAt;
            c.recordedBy = caller.userId();
            c.recordedAt = Instant.now();
            return c.<Consent>persist().call(() -> publisher.consent(p, c))
                    .call(() -> audit.success(caller, p.tenantId, "CREATE", "consent", id, Map.of("status", status.name())));
        }));
    }

    // ------------------------------------------------------------------------------------------------

    /** The patient if the caller's hospitals include theirs and they are not erased; 404 otherwise. */
    public Uni<Patient> visible(Caller caller, UUID id) {
        return patients.findById(id).map(p -> {
            if (p == null || p.erasedAt != null) {
                throw ProblemException.notFound("Patient", id.toString());
            }
            caller.requireHospital(p.tenantId, "Patient", id);
            return p;
        });
    }

    public Uni<Details> details(Patient p) {
        return CareTeamMember.<CareTeamMember>list("id.patientId", p.id).chain(team -> Enrollment.<Enrollment>list("patientId = ?1 order by startDate", p.id)
                .chain(en -> assignments.ofPatient(p.id).chain(as -> Consent.<Consent>list("patientId = ?1 order by recordedAt", p.id)
                        .map(cs -> new Details(p, team, en, as, cs)))));
    }

    /** Changes of attached records are changes of the patient: the version (ETag) moves. */
    private Uni<Void> touch(Patient p) {
        p.updatedAt = Instant.now();
        return patients.flush();
    }

    private void apply(Patient p, PatientSpec spec, String ins) {
        p.ins = ins;
        p.localIds = publisher.write(spec.localIds() == null ? List.of() : spec.localIds());
        p.familyName = spec.familyName().strip();
        p.givenNames = spec.givenNames().strip();
        p.birthDate = spec.birthDate();
        p.sex = spec.sex();
        p.contact = publisher.write(spec.contact());
        p.fallRisk = spec.fallRisk();
        p.pregnant = spec.pregnant();
        p.hypercapnicRespiratoryFailure = spec.hypercapnicRespiratoryFailure();
        p.updatedAt = Instant.now();
    }

    private void apply(Enrollment e, EnrollmentSpec spec) {
        e.program = spec.program();
        e.startDate = spec.start();
        e.endDate = spec.end();
        e.schedule = publisher.write(spec.schedule() == null ? List.of() : spec.schedule());
        e.ruleOverrides = publisher.write(spec.ruleOverrides() == null ? List.of() : spec.ruleOverrides());
        e.escalationMinutes = spec.escalationMinutes();
        e.updatedAt = Instant.now();
    }

    private static void validate(EnrollmentSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (spec.program() == null) {
            errors.add(new FieldError("program", "required: one of " + List.of(MonitoringProgram.values())));
        }
        if (spec.start() == null) {
            errors.add(new FieldError("start", "required"));
        } else if (spec.end() != null && spec.end().isBefore(spec.start())) {
            errors.add(new FieldError("end", "must not be before start"));
        }
        if (spec.schedule() != null) {
            for (int i = 0; i < spec.schedule().size(); i++) {
                CarePlanV1.Schedule s = spec.schedule().get(i);
                if (s == null || s.code() == null || io.vigie.events.clinical.MeasurementType.byCode(s.code()).isEmpty()) {
                    errors.add(new FieldError("schedule[" + i + "].code", "a LOINC code Vigie knows"));
                }
                if (s == null || s.period() == null || s.period().isNegative() || s.period().isZero()) {
                    errors.add(new FieldError("schedule[" + i + "].period", "required, an ISO-8601 duration such as P1D"));
                }
            }
        }
        if (spec.ruleOverrides() != null) { // checked against alerting's rule catalogue here, where they are entered
            for (int i = 0; i < spec.ruleOverrides().size(); i++) {
                CarePlanV1.RuleOverride o = spec.ruleOverrides().get(i);
                if (o == null) {
                    errors.add(new FieldError("ruleOverrides[" + i + "]", "required: ruleKey, and enabled and/or params"));
                    continue;
                }
                for (RuleCatalogue.Violation v : RuleCatalogue.violations(o.ruleKey(), o.params())) {
                    errors.add(new FieldError("ruleOverrides[" + i + "]." + v.field(), v.message()));
                }
            }
        }
        if (spec.escalationMinutes() != null && (spec.escalationMinutes() < 1 || spec.escalationMinutes() > 120)) {
            errors.add(new FieldError("escalationMinutes", "must be between 1 and 120"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation-failed", "The enrollment has invalid fields.", errors);
        }
    }

    private static String checkIns(String ins) {
        if (ins == null || ins.isBlank()) {
            return null;
        }
        if (!Ins.isValid(ins)) {
            throw ProblemException.invalidField("ins", "not a valid INS: 15 characters whose last two are the key 97 - (NIR mod 97)");
        }
        return Ins.normalize(ins);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public List<PatientSpec.LocalId> localIds(Patient p) {
        return publisher.read(p.localIds, new TypeReference<List<PatientSpec.LocalId>>() {
        });
    }

    /** The enrollment as alerting sees it (schedule and overrides parsed). */
    public CarePlanV1.Enrollment plan(Enrollment e) {
        return publisher.enrollment(e);
    }

    public PatientSpec.Contact contact(Patient p) {
        return publisher.read(p.contact, new TypeReference<PatientSpec.Contact>() {
        });
    }
}
