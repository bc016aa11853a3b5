package io.vigie.registry.rest;

import io.smallrye.mutiny.Uni;
import io.vigie.auth.Roles;
import io.vigie.core.rest.ETags;
import io.vigie.core.rest.Page;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.security.Caller;
import io.vigie.events.device.ClinicalGrade;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.device.DeviceStatus;
import io.vigie.registry.rest.Views.DeviceView;
import io.vigie.registry.rest.Views.RegisteredView;
import io.vigie.registry.rest.Views.RotatedView;
import io.vigie.registry.service.DeviceService;
import io.vigie.registry.service.DeviceSpec;
import io.vigie.registry.service.DeviceUpdateSpec;
import io.vigie.registry.service.Lifecycle;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Devices", description = "Devices of the caller's hospitals: registration, lifecycle, credentials, clinical grade")
public class DeviceResource {

    private final DeviceService service;
    private final Caller caller;

    public DeviceResource(DeviceService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.DEVICE_ADMIN, Roles.PLATFORM_ADMIN, Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Search devices of your hospitals",
            description = "Filters: hospitalId, kind, status, modelId, certificateExpiringWithinDays (model certificate expires within N days).")
    public Uni<Page<DeviceView>> search(@QueryParam("hospitalId") String hospitalId, @QueryParam("kind") DeviceKind kind,
            @QueryParam("status") DeviceStatus status, @QueryParam("modelId") UUID modelId,
            @QueryParam("certificateExpiringWithinDays") @Min(value = 0, message = "must be 0 or more")
            @Max(value = 3650, message = "must be at most 3650") Integer certificateExpiringWithinDays,
            @Valid @BeanParam PageRequest page) {
        return service.search(caller, hospitalId, kind, status, modelId, certificateExpiringWithinDays, page)
                .map(p -> p.map(DeviceView::of));
    }

    @POST
    @RolesAllowed(Roles.DEVICE_ADMIN)
    @Operation(summary = "Register a device (PROVISIONED)", description = "The answer carries the device secret, shown this once only.")
    public Uni<RestResponse<RegisteredView>> register(@Valid @NotNull DeviceSpec spec) {
        return service.register(caller, spec).map(r -> {
            DeviceView view = DeviceView.of(r.details());
            return ETags.created("/api/v1/devices/" + view.id(), new RegisteredView(view, r.secret(), Views.SECRET_NOTICE), view.version());
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.DEVICE_ADMIN, Roles.PLATFORM_ADMIN, Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Read a device", description = "404 for a device of another hospital.")
    public Uni<RestResponse<DeviceView>> get(@PathParam("id") UUID id) {
        return service.get(caller, id).map(d -> ETags.ok(DeviceView.of(d), d.device().version));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.DEVICE_ADMIN)
    @Operation(summary = "Update firmware, UDI-PI and location", description = "Needs If-Match with the ETag you read (412 if stale).")
    public Uni<RestResponse<DeviceView>> update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull DeviceUpdateSpec spec) {
        return service.update(caller, id, ifMatch, spec).map(d -> ETags.ok(DeviceView.of(d), d.device().version));
    }

    @POST
    @Path("/{id}/{action:activate|suspend|retire}")
    @RolesAllowed(Roles.DEVICE_ADMIN)
    @Operation(summary = "Lifecycle action", description = "activate (PROVISIONED or SUSPENDED → ACTIVE), suspend (ACTIVE → SUSPENDED), "
            + "retire (→ RETIRED, final; revokes credentials). Illegal transitions: 409. If-Match optional.")
    public Uni<RestResponse<DeviceView>> transition(@PathParam("id") UUID id, @PathParam("action") String action,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return service.transition(caller, id, Lifecycle.of(action), ifMatch).map(d -> ETags.ok(DeviceView.of(d), d.device().version));
    }

    @POST
    @Path("/{id}/credentials/rotate")
    @RolesAllowed(Roles.DEVICE_ADMIN)
    @Operation(summary = "Issue a new secret", description = "The previous secret keeps working for the configured grace period (default 24 h).")
    public Uni<RestResponse<RotatedView>> rotate(@PathParam("id") UUID id) {
        return service.rotateSecret(caller, id).map(r -> {
            DeviceView view = DeviceView.of(r.details());
            return ETags.ok(new RotatedView(view, r.secret(), r.previousValidUntil(), Views.SECRET_NOTICE), view.version());
        });
    }

    @POST
    @Path("/{id}/credentials/revoke")
    @RolesAllowed(Roles.DEVICE_ADMIN)
    @Operation(summary = "Revoke every credential now", description = "Ingestion disconnects the device within seconds; rotate to issue a new secret.")
    public Uni<RestResponse<DeviceView>> revoke(@PathParam("id") UUID id) {
        return service.revokeCredentials(caller, id).map(d -> ETags.ok(DeviceView.of(d), d.device().version));
    }

    @PUT
    @Path("/{id}/credentials/client-certificate")
    @RolesAllowed(Roles.DEVICE_ADMIN)
    @Operation(summary = "Register the fingerprint of the device's X.509 client certificate (mTLS)")
    public Uni<RestResponse<DeviceView>> clientCertificate(@PathParam("id") UUID id, @Valid @NotNull FingerprintRequest request) {
        return service.registerClientCertificate(caller, id, request.fingerprintSha256())
                .map(d -> ETags.ok(DeviceView.of(d), d.device().version));
    }

    @GET
    @Path("/{id}/clinical-grade")
    @RolesAllowed({Roles.DEVICE_ADMIN, Roles.PLATFORM_ADMIN, Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Are this device's readings clinical grade on a date?",
            description = "Model MEDICAL_DEVICE or IVD, a certificate VALID on that date, approved firmware; reasons when not. Date defaults to today (UTC).")
    public Uni<ClinicalGrade> clinicalGrade(@PathParam("id") UUID id, @QueryParam("date") LocalDate date) {
        return service.clinicalGrade(caller, id, date == null ? LocalDate.now(ZoneOffset.UTC) : date);
    }
}
