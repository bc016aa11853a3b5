package io.vigie.ingestion.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.ingestion.auth.DeviceAuthenticator;
import io.vigie.ingestion.config.IngestionConfig;
import io.vigie.ingestion.directory.StateCatchUpProbe;
import io.vigie.ingestion.messaging.KafkaUnavailable;
import io.vigie.ingestion.pipeline.Ingestor;
import io.vigie.ingestion.pipeline.ReadingNormalizer;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The devices' HTTP front door. Devices authenticate with HTTP Basic (deviceId / secret) or a registered TLS client
 * certificate, not with Keycloak tokens. 202 is answered only after Kafka acknowledged every accepted record.
 */
@Path("/api/v1/ingest")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Device ingestion (HTTP)", description = "For devices: HTTP Basic deviceId:secret or mTLS")
public class IngestResource {

    static final String BASIC_CHALLENGE = "Basic realm=\"vigie-devices\", charset=\"UTF-8\"";

    /** What happened to a message: counts, and each rejected reading with its reason. */
    public record Answer(int accepted, int quarantined, int dropped, List<Rejected> rejected) {
    }

    /** A rejected reading: its id as the device sent it, its position in the message, and why. */
    public record Rejected(String id, int index, String code, String reason, String message) {
        static Rejected of(ReadingNormalizer.Refusal r) {
            return new Rejected(r.deviceReadingId(), r.index(), r.code(), r.reason(), r.message());
        }
    }

    private final DeviceAuthenticator authenticator;
    private final Ingestor ingestor;
    private final StateCatchUpProbe readiness;
    private final IngestionConfig config;

    public IngestResource(DeviceAuthenticator authenticator, Ingestor ingestor, StateCatchUpProbe readiness, IngestionConfig config) {
        this.authenticator = authenticator;
        this.ingestor = ingestor;
        this.readiness = readiness;
        this.config = config;
    }

    @POST
    @Path("/readings")
    @Operation(summary = "Send readings (canonical JSON, or the vendor payload of the device's model)",
            description = "202 after Kafka acknowledged; 400 when the body is not readable at all; 401/403 device auth; 503 + Retry-After when Kafka is down.")
    public Uni<Response> readings(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body,
            @Context HttpServerRequest request, @Context UriInfo uri) {
        return handle(authorization, body, request, uri, (device, payload) -> ingestor.readings(device, payload, Ingestor.Via.HTTP));
    }

    @POST
    @Path("/events")
    @Operation(summary = "Send one device event", description = "{\"id\", \"event\", \"ts\", \"detail\"}; same answers as readings.")
    public Uni<Response> events(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body,
            @Context HttpServerRequest request, @Context UriInfo uri) {
        return handle(authorization, body, request, uri, (device, payload) -> ingestor.event(device, payload, Ingestor.Via.HTTP));
    }

    private Uni<Response> handle(String authorization, byte[] body, HttpServerRequest request, UriInfo uri,
            BiFunction<DeviceStateV1, byte[], Uni<Ingestor.Outcome>> work) {
        if (!readiness.devicesReady()) {
            return Uni.createFrom().item(ProblemMappers.build(503, "not-ready", "Service unavailable",
                    "The device directory is still loading: retry shortly.", uri, List.of()).header("Retry-After", 5).build());
        }
        return authenticate(authorization, request).chain(result -> {
            if (!result.accepted()) {
                return Uni.createFrom().item(refused(result, uri));
            }
            return Uni.createFrom().deferred(() -> work.apply(result.device(), body)).map(o -> o.isUnparseable()
                    ? ProblemMappers.build(400, "unparseable-payload", "Invalid request", o.unparseable(), uri, List.of()).build()
                    : Response.accepted(new Answer(o.accepted(), o.quarantined(), o.dropped(),
                            o.rejected().stream().map(Rejected::of).toList())).build())
                    .onFailure(KafkaUnavailable.class).recoverWithItem(e -> ProblemMappers.build(503, "dependency-unavailable",
                            "Service unavailable", "Readings could not be made durable (Kafka unavailable): nothing was stored, send again later.",
                            uri, List.of()).header("Retry-After", config.kafka().retryAfterSeconds()).build());
        });
    }

    private Uni<DeviceAuthenticator.Result> authenticate(String authorization, HttpServerRequest request) {
        String fingerprint = clientCertificateFingerprint(request);
        if (fingerprint != null) {
            DeviceAuthenticator.Result byCert = authenticator.byFingerprint(fingerprint);
            if (byCert.accepted() || authorization == null) {
                return Uni.createFrom().item(byCert);
            }
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Uni.createFrom().item(DeviceAuthenticator.Result.refused(DeviceAuthenticator.Refusal.BAD_CREDENTIALS));
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(DeviceAuthenticator.Result.refused(DeviceAuthenticator.Refusal.BAD_CREDENTIALS));
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Uni.createFrom().item(DeviceAuthenticator.Result.refused(DeviceAuthenticator.Refusal.BAD_CREDENTIALS));
        }
        return authenticator.bySecret(decoded.substring(0, colon), decoded.substring(colon + 1),
                request == null || request.remoteAddress() == null ? null : request.remoteAddress().host());
    }

    private static Response refused(DeviceAuthenticator.Result result, UriInfo uri) {
        return switch (result.refusal()) {
            case BAD_CREDENTIALS -> ProblemMappers.build(401, "device-unauthorized", "Unauthorized",
                    "Authenticate the device with HTTP Basic (device id and secret) or its registered client certificate.", uri, List.of())
                    .header(HttpHeaders.WWW_AUTHENTICATE, BASIC_CHALLENGE).build();
            case NOT_ACTIVE -> ProblemMappers.build(403, "device-not-active", "Forbidden",
                    "The device is not ACTIVE: ask a device administrator to activate it.", uri, List.of()).build();
            case RETIRED -> ProblemMappers.build(403, "device-retired", "Forbidden", "The device is RETIRED.", uri, List.of()).build();
            case LOCKED_OUT -> ProblemMappers.build(429, "device-locked-out", "Too many requests",
                    "Too many failed authentications for this device or from this address: retry after the delay in Retry-After.", uri, List.of())
                    .header("Retry-After", result.retryAfterSeconds()).build();
            case BUSY -> ProblemMappers.build(503, "device-authentication-busy", "Service unavailable",
                    "Device authentication is saturated: retry after the delay in Retry-After.", uri, List.of())
                    .header("Retry-After", result.retryAfterSeconds()).build();
        };
    }

    private static String clientCertificateFingerprint(HttpServerRequest request) {
        try {
            if (request == null || !request.isSSL() || request.sslSession() == null) {
                return null;
            }
            Certificate[] chain = request.sslSession().getPeerCertificates();
            return chain.length == 0 ? null : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
        } catch (Exception e) {
            return null; // no (verified) client certificate
        }
    }
}
