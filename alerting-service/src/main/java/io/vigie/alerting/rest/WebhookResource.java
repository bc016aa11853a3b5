package io.vigie.alerting.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.model.Webhook;
import io.vigie.alerting.model.WebhookDelivery;
import io.vigie.auth.Roles;
import io.vigie.core.crypto.SecretHash;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.security.Caller;
import io.vigie.outbox.AuditTrail;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Tag(name = "Webhooks", description = "Alert changes POSTed to a hospital's systems, signed with HMAC-SHA256 (platform-admin)")
public class WebhookResource {

    public record Create(@NotBlank String hospitalId,
            @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String url) {
    }

    public record View(UUID id, String hospitalId, String url, boolean enabled, int consecutiveFailures, String disabledReason, Instant createdAt) {
        static View of(Webhook w) {
            return new View(w.id, w.tenantId, w.url, w.enabled, w.consecutiveFailures, w.disabledReason, w.createdAt);
        }
    }

    /** The secret is shown once, at creation: the receiver verifies X-Vigie-Signature with it. */
    public record Created(View webhook, String secret, String signature) {
    }

    public record DeliveryView(UUID id, UUID eventId, String status, int attempts, Integer lastStatus, String lastError, Instant createdAt,
            Instant nextAttemptAt, Instant deliveredAt) {
        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(d.id, d.eventId, d.status, d.attempts, d.lastStatus, d.lastError, d.createdAt, d.nextAttemptAt, d.deliveredAt);
        }
    }

    private final Caller caller;
    private final AuditTrail audit;

    public WebhookResource(Caller caller, AuditTrail audit) {
        this.caller = caller;
        this.audit = audit;
    }

    @POST
    @WithTransaction
    @Operation(summary = "Register a webhook for a hospital")
    public Uni<RestResponse<Created>> create(@Valid @NotNull Create body) {
        Webhook w = new Webhook();
        w.id = UUID.randomUUID();
        w.tenantId = body.hospitalId();
        w.url = body.url();
        w.secret = SecretHash.newSecret();
        w.enabled = true;
        w.createdBy = caller.userId();
        w.createdAt = Instant.now();
        return w.persist().call(() -> audit.record(caller.actor(), caller.purpose(), w.tenantId, "CREATE", "webhook", w.id.toString(), Map.of()))
                .map(x -> RestResponse.status(RestResponse.Status.CREATED, new Created(View.of(w), w.secret,
                        "X-Vigie-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<body>\")>")));
    }

    @GET
    @WithSession
    @Operation(summary = "Webhooks (of one hospital with hospitalId), with their state")
    public Uni<List<View>> list(@QueryParam("hospitalId") String hospitalId) {
        Uni<List<Webhook>> hooks = hospitalId == null ? Webhook.listAll() : Webhook.list("tenantId", hospitalId);
        return hooks.map(l -> l.stream().map(View::of).toList());
    }

    @GET
    @Path("/{id}/deliveries")
    @WithSession
    @Operation(summary = "Delivery log, newest first")
    public Uni<List<DeliveryView>> deliveries(@PathParam("id") UUID id) {
        return found(id).chain(w -> WebhookDelivery.<WebhookDelivery>find("webhookId = ?1 order by createdAt desc", id).range(0, 199).list())
                .map(l -> l.stream().map(DeliveryView::of).toList());
    }

    @POST
    @Path("/{id}/enable")
    @WithTransaction
    @Operation(summary = "Re-enable a webhook disabled after repeated failures")
    public Uni<View> enable(@PathParam("id") UUID id) {
        return found(id).invoke(w -> {
            w.enabled = true;
            w.consecutiveFailures = 0;
            w.disabledReason = null;
        }).call(w -> audit.record(caller.actor(), caller.purpose(), w.tenantId, "ENABLE", "webhook", id.toString(), Map.of())).map(View::of);
    }

    @DELETE
    @Path("/{id}")
    @WithTransaction
    @Operation(summary = "Remove a webhook and its delivery log")
    public Uni<RestResponse<Void>> delete(@PathParam("id") UUID id) {
        return found(id).call(w -> w.delete())
                .call(w -> audit.record(caller.actor(), caller.purpose(), w.tenantId, "DELETE", "webhook", id.toString(), Map.of()))
                .map(w -> RestResponse.noContent());
    }

    private static Uni<Webhook> found(UUID id) {
        return Webhook.<Webhook>findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Webhook", id.toString()));
    }
}
