package io.vigie.registry.rest;

import io.smallrye.mutiny.Uni;
import io.vigie.auth.Roles;
import io.vigie.core.rest.ETags;
import io.vigie.core.rest.Page;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.security.Caller;
import io.vigie.events.device.DeviceKind;
import io.vigie.registry.rest.Views.CertificateView;
import io.vigie.registry.rest.Views.DeviceModelView;
import io.vigie.registry.service.CertificateSpec;
import io.vigie.registry.service.DeviceModelService;
import io.vigie.registry.service.ModelSpec;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/device-models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Device models", description = "Catalogue of device models with CE/MDR certification (platform-admin writes)")
public class DeviceModelResource {

    private final DeviceModelService service;
    private final Caller caller;

    public DeviceModelResource(DeviceModelService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.DEVICE_ADMIN, Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Search the catalogue", description = "Filters by kind and manufacturer; sorted by manufacturer and name.")
    public Uni<Page<DeviceModelView>> search(@QueryParam("kind") DeviceKind kind, @QueryParam("manufacturer") String manufacturer,
            @Valid @BeanParam PageRequest page) {
        return service.search(kind, manufacturer, page).map(p -> p.map(DeviceModelView::of));
    }

    @POST
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "Add a device model", description = "LOINC codes, GTIN-14 check digit, MDR/IVDR class and payload mapping are checked.")
    public Uni<RestResponse<DeviceModelView>> create(@Valid @NotNull ModelSpec spec) {
        return service.create(caller, spec).map(m -> ETags.created("/api/v1/device-models/" + m.id, DeviceModelView.of(m), m.version));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.DEVICE_ADMIN, Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Read a device model")
    public Uni<RestResponse<DeviceModelView>> get(@PathParam("id") UUID id) {
        return service.get(id).map(m -> ETags.ok(DeviceModelView.of(m), m.version));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "Replace a device model", description = "Needs If-Match. Every device of the model gets its new state published.")
    public Uni<RestResponse<DeviceModelView>> update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull ModelSpec spec) {
        return service.update(caller, id, ifMatch, spec).map(m -> ETags.ok(DeviceModelView.of(m), m.version));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "Delete an unused device model", description = "Needs If-Match; 409 while devices use it.")
    public Uni<RestResponse<Void>> delete(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return service.delete(caller, id, ifMatch).map(v -> RestResponse.noContent());
    }

    @GET
    @Path("/{id}/certificates")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.DEVICE_ADMIN, Roles.CLINICIAN, Roles.NURSE})
    @Operation(summary = "Certificates of a model")
    public Uni<List<CertificateView>> certificates(@PathParam("id") UUID id) {
        return service.certificates(id).map(list -> list.stream().map(CertificateView::of).toList());
    }

    @POST
    @Path("/{id}/certificates")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "Attach a certificate", description = "NB certificate (4-digit notified body) or, for class I/A, a declaration of conformity.")
    public Uni<RestResponse<CertificateView>> addCertificate(@PathParam("id") UUID id, @Valid @NotNull CertificateSpec spec) {
        return service.addCertificate(caller, id, spec)
                .map(c -> ETags.created("/api/v1/device-models/" + id + "/certificates/" + c.id, CertificateView.of(c), c.version));
    }

    @PUT
    @Path("/{id}/certificates/{certificateId}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "Update a certificate (e.g. SUSPENDED, WITHDRAWN, renewed dates)", description = "Needs If-Match.")
    public Uni<RestResponse<CertificateView>> updateCertificate(@PathParam("id") UUID id, @PathParam("certificateId") UUID certificateId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull CertificateSpec spec) {
        return service.updateCertificate(caller, id, certificateId, ifMatch, spec).map(c -> ETags.ok(CertificateView.of(c), c.version));
    }
}
