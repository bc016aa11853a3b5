package io.vigie.patient.rest;

import io.smallrye.mutiny.Uni;
import io.vigie.auth.Roles;
import io.vigie.core.rest.ETags;
import io.vigie.core.rest.Page;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.security.Caller;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.events.patient.MonitoringProgram;
import io.vigie.patient.gdpr.GdprService;
import io.vigie.patient.model.Consent;
import io.vigie.patient.model.DeviceAssignment;
import io.vigie.patient.model.Enrollment;
import io.vigie.patient.model.Patient;
import io.vigie.patient.service.PatientService;
import io.vigie.patient.service.PatientSpec;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/patients")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Patients", description = "Patients of your hospitals; every read and write is audited (send X-Purpose)")
public class PatientResource {

    public record PatientView(UUID id, String hospitalId, String ins, List<PatientSpec.LocalId> localIds, String familyName, String givenNames,
            LocalDate birthDate, String sex, PatientSpec.Contact contact, boolean fallRisk, boolean pregnant, boolean hypercapnicRespiratoryFailure,
            List<PatientService.TeamMember> careTeam, List<EnrollmentView> enrollments, List<AssignmentView> assignments, ConsentView consent,
            long version) {
    }

    public record Summary(UUID id, String hospitalId, String ins, String familyName, String givenNames, LocalDate birthDate, String sex) {
        static Summary of(Patient p) {
            return new Summary(p.id, p.tenantId, p.ins, p.familyName, p.givenNames, p.birthDate, p.sex);
        }
    }

    public record EnrollmentView(UUID id, MonitoringProgram program, LocalDate start, LocalDate end, List<CarePlanV1.Schedule> schedule,
            List<CarePlanV1.RuleOverride> ruleOverrides, Integer escalationMinutes, long version) {
    }

    public record AssignmentView(UUID id, UUID deviceId, Instant from, Instant to) {
        static AssignmentView of(DeviceAssignment a) {
            return new AssignmentView(a.id, a.deviceId, a.from, a.to);
        }
    }

    public record ConsentView(ConsentStateV1.Status status, Instant effectiveAt, String recordedBy, Instant recordedAt) {
        static ConsentView of(Consent c) {
            return c == null ? null : new ConsentView(c.status, c.effectiveAt, c.recordedBy, c.recordedAt);
        }
    }

    public record AssignmentRequest(@NotNull UUID deviceId, @NotNull Instant from, Instant to) {
    }

    public record EndAssignment(Instant to) {
    }

    public record ConsentRequest(@NotNull ConsentStateV1.Status status, Instant effectiveAt) {
    }

    private final PatientService service;
    private final GdprService gdpr;
    private final Caller caller;

    public PatientResource(PatientService service, GdprService gdpr, Caller caller) {
        this.service = service;
        this.gdpr = gdpr;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Record a patient", description = "INS key checked; 409 when the INS is already known in the hospital.")
    public Uni<RestResponse<PatientView>> create(@Valid @NotNull PatientSpec spec) {
        return service.create(caller, spec).map(d -> ETags.created("/api/v1/patients/" + d.patient().id, view(d), d.patient().version));
    }

    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Search patients of your hospitals", description = "name (family or given, prefix), ins, localId; paged.")
    public Uni<Page<Summary>> search(@QueryParam("name") String name, @QueryParam("ins") String ins, @QueryParam("localId") String localId,
            @Valid @BeanParam PageRequest page) {
        return service.search(caller, name, ins, localId, page).map(p -> p.map(Summary::of));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "A patient with care team, enrollments, assignments and consent")
    public Uni<RestResponse<PatientView>> get(@PathParam("id") UUID id) {
        return service.get(caller, id).map(d -> ETags.ok(view(d), d.patient().version));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Update a patient", description = "Needs If-Match (412 when stale).")
    public Uni<RestResponse<PatientView>> update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull PatientSpec spec) {
        return service.update(caller, id, ifMatch, spec).map(d -> ETags.ok(view(d), d.patient().version));
    }

    @PUT
    @Path("/{id}/care-team")
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(summary = "Replace the care team (Keycloak user ids, role clinician or nurse)")
    public Uni<RestResponse<PatientView>> careTeam(@PathParam("id") UUID id, @NotNull List<PatientService.TeamMember> team) {
        return service.setCareTeam(caller, id, team).map(d -> ETags.ok(view(d), d.patient().version));
    }

    @POST
    @Path("/{id}/enrollments")
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(summary = "Enroll in a monitoring program", description = "schedule and ruleOverrides change the program defaults for this patient.")
    public Uni<RestResponse<EnrollmentView>> enroll(@PathParam("id") UUID id, @NotNull PatientService.EnrollmentSpec spec) {
        return service.enroll(caller, id, spec).map(e -> ETags.created("/api/v1/patients/" + id + "/enrollments/" + e.id, view(e), e.version));
    }

    @PUT
    @Path("/{id}/enrollments/{enrollmentId}")
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(summary = "Change an enrollment (end date, schedule, overrides)", description = "Needs If-Match.")
    public Uni<RestResponse<EnrollmentView>> updateEnrollment(@PathParam("id") UUID id, @PathParam("enrollmentId") UUID enrollmentId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull PatientService.EnrollmentSpec spec) {
        return service.updateEnrollment(caller, id, enrollmentId, ifMatch, spec).map(e -> ETags.ok(view(e), e.version));
    }

    @POST
    @Path("/{id}/assignments")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Assign a device to the patient over [from, to)", description = "409 when it overlaps another assignment of the device.")
    public Uni<RestResponse<AssignmentView>> assign(@PathParam("id") UUID id, @Valid @NotNull AssignmentRequest body) {
        return service.assign(caller, id, body.deviceId(), body.from(), body.to())
                .map(a -> RestResponse.status(RestResponse.Status.CREATED, AssignmentView.of(a)));
    }

    @POST
    @Path("/{id}/assignments/{assignmentId}/end")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "End an assignment (now, or at 'to')")
    public Uni<AssignmentView> endAssignment(@PathParam("id") UUID id, @PathParam("assignmentId") UUID assignmentId, EndAssignment body) {
        return service.endAssignment(caller, id, assignmentId, body == null ? null : body.to()).map(AssignmentView::of);
    }

    @POST
    @Path("/{id}/consents")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Record consent to telemonitoring given or withdrawn", description = "Withdrawal stops the patient's readings from being alerted on.")
    public Uni<RestResponse<ConsentView>> consent(@PathParam("id") UUID id, @Valid @NotNull ConsentRequest body) {
        return service.consent(caller, id, body.status(), body.effectiveAt()).map(c -> RestResponse.status(RestResponse.Status.CREATED, ConsentView.of(c)));
    }

    @GET
    @Path("/{id}/export")
    @RolesAllowed({Roles.CLINICIAN, Roles.PLATFORM_ADMIN})
    @Operation(summary = "GDPR export: record, enrollments, assignments, consents, readings and alerts, as one document",
            description = "503 when ingestion or alerting cannot be reached: an export is whole or not given.")
    public Uni<Map<String, Object>> export(@PathParam("id") UUID id) {
        return gdpr.export(caller, id);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "GDPR erasure across services (reason required)", description = "202 with the status of each service's confirmation.")
    public Uni<RestResponse<GdprService.ErasureStatus>> erase(@PathParam("id") UUID id, @QueryParam("reason") String reason) {
        return gdpr.erase(caller, id, reason).map(s -> RestResponse.status(RestResponse.Status.ACCEPTED, s));
    }

    @GET
    @Path("/{id}/erasure")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "Where an erasure stands: which services confirmed it")
    public Uni<GdprService.ErasureStatus> erasure(@PathParam("id") UUID id) {
        return gdpr.status(caller, id);
    }

    private PatientView view(PatientService.Details d) {
        Patient p = d.patient();
        return new PatientView(p.id, p.tenantId, p.ins, service.localIds(p), p.familyName, p.givenNames, p.birthDate, p.sex, service.contact(p),
                p.fallRisk, p.pregnant, p.hypercapnicRespiratoryFailure,
                d.careTeam().stream().map(m -> new PatientService.TeamMember(m.id.userId(), m.role)).toList(),
                d.enrollments().stream().map(this::view).toList(), d.assignments().stream().map(AssignmentView::of).toList(),
                ConsentView.of(d.currentConsent()), p.version);
    }

    private EnrollmentView view(Enrollment e) {
        CarePlanV1.Enrollment c = service.plan(e);
        return new EnrollmentView(e.id, e.program, e.startDate, e.endDate, c.schedule(), c.ruleOverrides(), e.escalationMinutes, e.version);
    }
}
