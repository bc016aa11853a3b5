package io.vigie.registry.rest;

import io.smallrye.mutiny.Uni;
import io.vigie.auth.Roles;
import io.vigie.core.security.Caller;
import io.vigie.registry.config.RegistryConfig;
import io.vigie.registry.service.CertificateReport;
import io.vigie.registry.service.CertificateReport.ExpiryReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/certificates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Certificates", description = "Certificate expiry report for the administrators' dashboard")
public class CertificateReportResource {

    private final CertificateReport report;
    private final Caller caller;
    private final RegistryConfig config;

    public CertificateReportResource(CertificateReport report, Caller caller, RegistryConfig config) {
        this.report = report;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Path("/expiry-report")
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.DEVICE_ADMIN})
    @Operation(summary = "Certificates expired or expiring within N days, with the active devices they affect per hospital",
            description = "A device admin sees only models used in their hospitals, and only their hospitals' counts.")
    public Uni<ExpiryReport> expiryReport(@QueryParam("withinDays") @Min(value = 0, message = "must be 0 or more")
            @Max(value = 3650, message = "must be at most 3650") Integer withinDays) {
        return report.build(caller, withinDays == null ? config.expiryReportDays() : withinDays);
    }
}
