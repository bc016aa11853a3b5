package io.vigie.patient.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vigie.auth.Roles;
import io.vigie.core.rest.Page;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.rest.QueryParams;
import io.vigie.core.security.Caller;
import io.vigie.patient.audit.AuditChain;
import io.vigie.patient.audit.PatientAudit;
import io.vigie.patient.model.AuditEntry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The platform audit trail for auditors: who accessed what, when, why and with which outcome; and its integrity. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AUDITOR)
@Tag(name = "Audit", description = "The platform audit trail (every service's accesses to patient data), hash-chained")
public class AuditResource {

    public record Entry(long seq, Instant at, String source, String hospitalId, String actorId, String actorRoles, String action,
            String resource, String resourceId, String purpose, String outcome, String details, String hash) {
        static Entry of(AuditEntry a) {
            return new Entry(a.seq, a.at, a.source, a.tenantId, a.actorId, a.actorRoles, a.action, a.resource, a.resourceId, a.purpose,
                    a.outcome, a.details, a.hash);
        }
    }

    private final AuditChain chain;
    private final PatientAudit audit;
    private final Caller caller;

    public AuditResource(AuditChain chain, PatientAudit audit, Caller caller) {
        this.chain = chain;
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Search the trail, oldest first",
            description = "Filters: actorId, resource, resourceId, hospitalId, outcome (SUCCESS, NOT_FOUND, FORBIDDEN), from/to (ISO-8601); paged.")
    public Uni<Page<Entry>> search(@QueryParam("actorId") String actorId, @QueryParam("resource") String resource,
            @QueryParam("resourceId") String resourceId, @QueryParam("hospitalId") String hospitalId, @QueryParam("outcome") String outcome,
            @QueryParam("from") String from, @QueryParam("to") String to, @Valid @BeanParam PageRequest page) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        filter(where, params, "actorId", actorId);
        filter(where, params, "resource", resource);
        filter(where, params, "resourceId", resourceId);
        filter(where, params, "tenantId", hospitalId);
        filter(where, params, "outcome", outcome == null ? null : outcome.toUpperCase());
        if (from != null) {
            where.append(" and at >= :from");
            params.and("from", QueryParams.instant("from", from));
        }
        if (to != null) {
            where.append(" and at < :to");
            params.and("to", QueryParams.instant("to", to));
        }
        String query = where.toString();
        return Panache.withTransaction(() -> AuditEntry.<AuditEntry>find(query + " order by seq", params)
                .page(io.quarkus.panache.common.Page.of(page.page(), page.size())).list()
                .chain(list -> AuditEntry.count(query, params).map(n -> new Page<>(list.stream().map(Entry::of).toList(), page.page(), page.size(), n)))
                .call(p -> audit.success(caller, null, "SEARCH", "audit", null, Map.of("results", String.valueOf(p.items().size())))));
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Recompute the hash chain", description = "valid=false names the first entry that was changed, deleted or reordered.")
    public Uni<AuditChain.Verification> verify() {
        return chain.verify();
    }

    private static void filter(StringBuilder where, Parameters params, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" and ").append(field).append(" = :").append(field);
            params.and(field, value.strip());
        }
    }

}
