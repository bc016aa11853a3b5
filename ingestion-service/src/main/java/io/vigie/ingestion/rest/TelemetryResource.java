package io.vigie.ingestion.rest;

import io.smallrye.mutiny.Uni;
import io.vigie.auth.Roles;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.rest.QueryParams;
import io.vigie.core.security.Caller;
import io.vigie.events.Topics;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.events.clinical.MeasurementType;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.ingestion.directory.PatientDirectory;
import io.vigie.ingestion.messaging.KafkaPublisher;
import io.vigie.ingestion.store.TelemetryQueries;
import io.vigie.ingestion.store.TelemetryQueries.Bucket;
import io.vigie.ingestion.store.TelemetryQueries.Reading;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Clinicians' and nurses' view of a patient's telemetry, scoped to their hospitals (another hospital's patient
 * answers 404). Every access is recorded on the platform audit topic before the answer is sent.
 */
@Path("/api/v1/patients/{patientId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.NURSE})
@Tag(name = "Telemetry", description = "A patient's readings: range, downsampled series, last vitals")
public class TelemetryResource {

    static final Duration MIN_BUCKET = Duration.ofMinutes(1);
    static final Duration MAX_BUCKET = Duration.ofDays(1);
    static final long MAX_BUCKETS = 10_000;

    /** Why some of the patient's readings are not shown: consent to telemonitoring was withdrawn. */
    public record ConsentNotice(String status, Instant effectiveAt, long quarantinedReadings, String message) {
    }

    public record ReadingsPage(List<Reading> items, int page, int size, long total, ConsentNotice consent) {
    }

    public record Series(UUID patientId, String code, String unit, Duration bucket, Instant from, Instant to, List<Bucket> buckets,
            ConsentNotice consent) {
    }

    public record Vitals(UUID patientId, List<Reading> latest, ConsentNotice consent) {
    }

    private final TelemetryQueries queries;
    private final PatientDirectory patients;
    private final KafkaPublisher publisher;
    private final Caller caller;
    private final String source;

    public TelemetryResource(TelemetryQueries queries, PatientDirectory patients, KafkaPublisher publisher, Caller caller,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.queries = queries;
        this.patients = patients;
        this.publisher = publisher;
        this.caller = caller;
        this.source = source;
    }

    @GET
    @Path("/readings")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.SERVICE_PATIENT}) // patient-service: GDPR export
    @Operation(summary = "Readings of a patient, newest first", description = "Filters: code (LOINC), from/to (ISO-8601, to exclusive); paged.")
    public Uni<ReadingsPage> readings(@PathParam("patientId") UUID patientId, @QueryParam("code") String code,
            @QueryParam("from") String from, @QueryParam("to") String to, @Valid @BeanParam PageRequest page) {
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        checkCode(code, false);
        return access(patientId, "READ", "readings").chain(tenant -> queries.range(patientId, code, f, t, page.offset(), page.size())
                .chain(items -> queries.count(patientId, code, f, t)
                        .chain(total -> consent(patientId).map(c -> new ReadingsPage(items, page.page(), page.size(), total, c)))));
    }

    @GET
    @Path("/readings/series")
    @Operation(summary = "Downsampled series: min, max, avg and count per bucket",
            description = "code, from, to and bucket (ISO-8601 duration, PT1M to P1D) are required; at most 10,000 buckets.")
    public Uni<Series> series(@PathParam("patientId") UUID patientId, @QueryParam("code") String code, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("bucket") String bucket) {
        MeasurementType type = checkCode(code, true);
        Instant f = required("from", instant("from", from));
        Instant t = required("to", instant("to", to));
        Duration b = bucket(bucket);
        if (!t.isAfter(f)) {
            throw ProblemException.invalidField("to", "must be after from");
        }
        if (Duration.between(f, t).toMillis() / b.toMillis() > MAX_BUCKETS) {
            throw ProblemException.invalidField("bucket", "too many buckets for this range (at most " + MAX_BUCKETS + "): use a larger bucket");
        }
        String unit = type == MeasurementType.BP_PANEL ? null : type.canonicalUnit();
        return access(patientId, "READ", "readings-series").chain(tenant -> queries.series(patientId, code, f, t, b)
                .chain(list -> consent(patientId).map(c -> new Series(patientId, code, unit, b, f, t, list, c))));
    }

    @GET
    @Path("/vitals/latest")
    @Operation(summary = "Last vitals: the most recent reading of each code")
    public Uni<Vitals> latest(@PathParam("patientId") UUID patientId) {
        return access(patientId, "READ", "vitals").chain(tenant -> queries.latest(patientId)
                .chain(list -> consent(patientId).map(c -> new Vitals(patientId, list, c))));
    }

    /** The patient's hospital if the caller works there (404 otherwise, and for unknown patients); audited. */
    private Uni<String> access(UUID patientId, String action, String resource) {
        Uni<String> tenant = patients.tenantOf(patientId).map(t -> Uni.createFrom().item(t))
                .orElseGet(() -> queries.tenantOfPatient(patientId).map(o -> o.orElse(null)));
        return tenant.chain(t -> {
            if (t == null) {
                throw ProblemException.notFound("Patient", patientId.toString());
            }
            caller.requireHospital(t, "Patient", patientId);
            AuditRecordedV1 audit = AuditRecordedV1.success(source, t, caller.actor().id(), caller.actor().roles(), action, resource,
                    patientId.toString(), caller.purpose(), Map.of());
            return publisher.publish(List.of(new KafkaPublisher.Out(Topics.AUDIT_RECORDED, t, audit))).replaceWith(t);
        });
    }

    private Uni<ConsentNotice> consent(UUID patientId) {
        ConsentStateV1 c = patients.consent(patientId).orElse(null);
        if (c == null || c.status() != ConsentStateV1.Status.WITHDRAWN) {
            return Uni.createFrom().nullItem();
        }
        return queries.quarantined(patientId).map(n -> new ConsentNotice(c.status().name(), c.effectiveAt(), n,
                "Consent to telemonitoring was withdrawn: readings since then are kept apart and not shown or alerted on."));
    }

    private static MeasurementType checkCode(String code, boolean required) {
        if (code == null) {
            if (required) {
                throw ProblemException.invalidField("code", "required (a LOINC code)");
            }
            return null;
        }
        MeasurementType t = MeasurementType.byCode(code).orElseThrow(() -> ProblemException.invalidField("code", "unknown LOINC code"));
        if (required && !t.isNumeric() && t != MeasurementType.SYSTOLIC_BP && t != MeasurementType.DIASTOLIC_BP) {
            throw ProblemException.invalidField("code", "a series needs a numeric measurement (for blood pressure use 8480-6 or 8462-4)");
        }
        if (!t.code().equals(code)) {
            throw ProblemException.invalidField("code", "readings are stored under the canonical code " + t.code());
        }
        return t;
    }

    private static Duration bucket(String bucket) {
        if (bucket == null) {
            throw ProblemException.invalidField("bucket", "required (ISO-8601 duration from PT1M to P1D, e.g. PT1H)");
        }
        try {
            Duration d = Duration.parse(bucket);
            if (d.compareTo(MIN_BUCKET) < 0 || d.compareTo(MAX_BUCKET) > 0) {
                throw ProblemException.invalidField("bucket", "must be between PT1M and P1D");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("bucket", "must be an ISO-8601 duration such as PT15M or PT1H");
        }
    }

    private static Instant instant(String field, String value) {
        return QueryParams.instant(field, value);
    }

    private static Instant required(String field, Instant value) {
        if (value == null) {
            throw ProblemException.invalidField(field, "required");
        }
        return value;
    }
}
