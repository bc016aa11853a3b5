package io.vigie.alerting.rest;

import io.smallrye.mutiny.Uni;
import io.vigie.alerting.model.Silence;
import io.vigie.alerting.rules.Rule;
import io.vigie.alerting.service.AlertService;
import io.vigie.auth.Roles;
import io.vigie.core.security.Caller;
import io.vigie.events.patient.CarePlanV1;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/patients/{patientId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Patient rules", description = "Effective rules of a patient, clinicians' overrides and silences")
public class PatientAlertingResource {

    public record OverrideRequest(Boolean enabled, Map<String, Double> params) {
    }

    public record SilenceRequest(@NotBlank String ruleKey, @NotBlank @Size(max = 500) String reason, @NotNull Instant until) {
    }

    public record SilenceView(UUID id, String ruleKey, String reason, Instant until, String createdBy, Instant createdAt) {
        static SilenceView of(Silence s) {
            return new SilenceView(s.id, s.ruleKey, s.reason, s.until, s.createdBy, s.createdAt);
        }

        static SilenceView of(io.vigie.events.alert.AlertCommandOutcomeV1.Silence s) {
            return new SilenceView(s.id(), s.ruleKey(), s.reason(), s.until(), s.createdBy(), s.createdAt());
        }
    }

    private final AlertService service;
    private final Caller caller;

    public PatientAlertingResource(AlertService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Path("/rules")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Effective rules: program defaults (CLINICAL.md), care plan and clinicians' overrides")
    public Uni<List<Rule>> rules(@PathParam("patientId") UUID patientId) {
        return service.rules(caller, patientId);
    }

    @PUT
    @Path("/rules/{ruleKey}")
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(summary = "Override a default rule for this patient (audited)",
            description = "params by rule kind: THRESHOLD limit, limit.0, limit.1, sustainedSeconds, consecutive; TREND delta, windowHours; "
                    + "MISSED periodHours, graceHours; DEVICE_EVENT batteryBelow; HEARTBEAT timeoutMinutes.")
    public Uni<Rule> override(@PathParam("patientId") UUID patientId, @PathParam("ruleKey") String ruleKey, @NotNull OverrideRequest body) {
        return service.override(caller, patientId, ruleKey, new CarePlanV1.RuleOverride(ruleKey, body.enabled(), body.params()));
    }

    @POST
    @Path("/silences")
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(summary = "Silence a rule for this patient until a time (reason required, at most 30 days; audited)")
    public Uni<RestResponse<SilenceView>> silence(@PathParam("patientId") UUID patientId, @Valid @NotNull SilenceRequest body) {
        return service.silence(caller, patientId, body.ruleKey(), body.reason(), body.until())
                .map(s -> RestResponse.status(RestResponse.Status.CREATED, SilenceView.of(s)));
    }

    @DELETE
    @Path("/silences/{silenceId}")
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(summary = "Lift a silence before its end: the rule alerts again from now on (audited)")
    public Uni<RestResponse<Void>> lift(@PathParam("patientId") UUID patientId, @PathParam("silenceId") UUID silenceId) {
        return service.lift(caller, patientId, silenceId).replaceWith(RestResponse.noContent());
    }

    @GET
    @Path("/silences")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Active silences of this patient")
    public Uni<List<SilenceView>> silences(@PathParam("patientId") UUID patientId) {
        return service.silences(caller, patientId).map(l -> l.stream().map(SilenceView::of).toList());
    }
}
