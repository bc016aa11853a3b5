package io.vigie.ingestion.rest;

import io.smallrye.mutiny.Uni;
import io.vigie.auth.Roles;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.security.Caller;
import io.vigie.events.Topics;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.ingestion.config.IngestionConfig;
import io.vigie.ingestion.directory.PatientDirectory;
import io.vigie.ingestion.messaging.KafkaPublisher;
import io.vigie.ingestion.store.ReadingStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Readings kept apart because the device changed hands between measuring and uploading them (ASSIGNMENT_MISMATCH):
 * a nurse or a device administrator of the device's hospital attributes each to a patient of that hospital (it then
 * flows on as accepted: stored in that patient's record, judged by alerting, flagged late) or discards it. Both are
 * audited; another hospital's reading answers 404.
 */
@Path("/api/v1/ingestion/quarantine")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.NURSE, Roles.DEVICE_ADMIN})
@Tag(name = "Quarantined readings", description = "Attribute or discard readings measured while a device belonged to another assignment")
public class QuarantineResource {

    /** A quarantined reading; {@code candidatePatientId} is the patient the device was assigned to when it measured. */
    public record Quarantined(String readingId, UUID deviceId, String reason, String code, Double value, String unit,
            List<ReadingAcceptedV1.Component> components, Instant measuredAt, Instant receivedAt, UUID candidatePatientId) {
    }

    public record Page(List<Quarantined> items, int page, int size) {
    }

    /** The patient whose record the reading goes to. */
    public record Attribution(@NotNull(message = "is required") UUID patientId) {
    }

    /** Why a reading is discarded (a code, so no free text reaches the audit trail). */
    public enum DiscardReason {
        NOT_THE_PATIENTS, TEST_MEASUREMENT, DEVICE_FAULT, OTHER
    }

    public record Discard(@NotNull(message = "is required: NOT_THE_PATIENTS, TEST_MEASUREMENT, DEVICE_FAULT or OTHER") DiscardReason reason) {
    }

    /** What became of the reading: ATTRIBUTED (or QUARANTINED_CONSENT_WITHDRAWN) to {@code patientId}, or DISCARDED. */
    public record Outcome(String readingId, String outcome, UUID patientId) {
    }

    private final ReadingStore store;
    private final PatientDirectory patients;
    private final KafkaPublisher publisher;
    private final Caller caller;
    private final IngestionConfig config;
    private final String source;

    public QuarantineResource(ReadingStore store, PatientDirectory patients, KafkaPublisher publisher, Caller caller, IngestionConfig config,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.store = store;
        this.config = config;
        this.patients = patients;
        this.publisher = publisher;
        this.caller = caller;
        this.source = source;
    }

    @GET
    @Operation(summary = "Readings waiting for attribution in your hospitals, newest received first")
    public Uni<Page> list(@Valid @BeanParam PageRequest page) {
        return store.quarantined(ReadingAcceptedV1.QUARANTINE_ASSIGNMENT_MISMATCH, caller.isGroupWide() ? null : caller.hospitals(), page.page(),
                page.size()).map(docs -> new Page(docs.stream().map(QuarantineResource::view).toList(), page.page(), page.size()));
    }

    @GET
    @Path("/{readingId}")
    @Operation(summary = "One reading waiting for attribution")
    public Uni<Quarantined> get(@PathParam("readingId") UUID readingId) {
        return mismatch(readingId).map(QuarantineResource::view);
    }

    @POST
    @Path("/{readingId}/attribution")
    @Operation(summary = "Attribute the reading to a patient of the device's hospital (audited)",
            description = "The reading then flows on as accepted: stored in the patient's record and judged by alerting (late). "
                    + "Quarantined again if that patient has withdrawn consent. 422 when the patient is not known in the device's hospital.")
    public Uni<Outcome> attribute(@PathParam("readingId") UUID readingId, @Valid @NotNull(message = "a body is required") Attribution body) {
        return mismatch(readingId).chain(found -> {
            String tenant = found.getString("tenantId");
            if (!tenant.equals(patients.tenantOf(body.patientId()).orElse(null))) {
                throw ProblemException.unprocessable("patient-not-in-hospital",
                        "Patient " + body.patientId() + " is not known in the device's hospital: attribute the reading to a patient of " + tenant + ".");
            }
            return decide(readingId, doc -> {
                Instant now = Instant.now();
                AuditRecordedV1 audit = AuditRecordedV1.success(source, tenant, caller.actor().id(), caller.actor().roles(), "reading.attribute", "Reading",
                        readingId.toString(), caller.purpose(), Map.of("patientId", body.patientId().toString(), "deviceId", doc.getString("deviceId"),
                                "candidatePatientId", String.valueOf(doc.getString("candidatePatientId"))));
                if (patients.consentWithdrawnAt(body.patientId(), now)) {
                    // the patient withdrew consent: theirs, but kept apart as their other readings are (never alerted on)
                    return publisher.publish(List.of(new KafkaPublisher.Out(Topics.AUDIT_RECORDED, tenant, audit)))
                            .chain(() -> store.requarantine(readingId.toString(), body.patientId(), ReadingAcceptedV1.QUARANTINE_CONSENT_WITHDRAWN))
                            .replaceWith(new Outcome(readingId.toString(), "QUARANTINED_CONSENT_WITHDRAWN", body.patientId()));
                }
                ReadingAcceptedV1 stored = ReadingStore.fromDocument(doc, source, now);
                ReadingAcceptedV1 reading = stored.attributedTo(body.patientId(), now, source, false,
                        stored.measuredAt().isBefore(now.minus(config.readings().lateAfter())));
                return publisher.publish(List.of(new KafkaPublisher.Out(Topics.READING_ACCEPTED, body.patientId().toString(), reading),
                                new KafkaPublisher.Out(Topics.AUDIT_RECORDED, tenant, audit)))
                        .chain(() -> store.release(readingId.toString()))
                        .replaceWith(new Outcome(readingId.toString(), "ATTRIBUTED", body.patientId()));
            });
        });
    }

    @POST
    @Path("/{readingId}/discard")
    @Operation(summary = "Discard the reading (audited with the reason)")
    public Uni<Outcome> discard(@PathParam("readingId") UUID readingId, @Valid @NotNull(message = "a body is required") Discard body) {
        return mismatch(readingId).chain(found -> decide(readingId, doc -> {
            String tenant = doc.getString("tenantId");
            AuditRecordedV1 audit = AuditRecordedV1.success(source, tenant, caller.actor().id(), caller.actor().roles(), "reading.discard", "Reading",
                    readingId.toString(), caller.purpose(), Map.of("reason", body.reason().name(), "deviceId", doc.getString("deviceId")));
            return publisher.publish(List.of(new KafkaPublisher.Out(Topics.AUDIT_RECORDED, tenant, audit)))
                    .chain(() -> store.release(readingId.toString()))
                    .replaceWith(new Outcome(readingId.toString(), "DISCARDED", null));
        }));
    }

    /**
     * Carries out one decision on a reading claimed for it: 409 when another decision holds it; the claim is given back
     * if the decision fails half-way (it can then be taken again).
     */
    private Uni<Outcome> decide(UUID readingId, java.util.function.Function<Document, Uni<Outcome>> decision) {
        return store.claim(readingId.toString(), ReadingAcceptedV1.QUARANTINE_ASSIGNMENT_MISMATCH, Instant.now()).chain(doc -> {
            if (doc == null) {
                throw ProblemException.conflict("reading-being-decided", "Another person is deciding about this reading, or has just decided: reload it.");
            }
            return decision.apply(doc).onFailure().call(() -> store.unclaim(readingId.toString()));
        });
    }

    /** The quarantined reading if it waits for attribution and the caller works for its hospital; 404 otherwise. */
    private Uni<Document> mismatch(UUID readingId) {
        return store.quarantined(readingId.toString()).map(doc -> {
            if (doc == null || !ReadingAcceptedV1.QUARANTINE_ASSIGNMENT_MISMATCH.equals(doc.getString("quarantine"))) {
                throw ProblemException.notFound("Quarantined reading", readingId.toString());
            }
            caller.requireHospital(doc.getString("tenantId"), "Quarantined reading", readingId);
            return doc;
        });
    }

    private static Quarantined view(Document d) {
        ReadingAcceptedV1 r = ReadingStore.fromDocument(d, null, null);
        return new Quarantined(d.getString("_id"), r.deviceId(), d.getString("quarantine"), r.code(), r.value(), r.unit(), r.components(),
                r.measuredAt(), r.receivedAt(), r.candidatePatientId());
    }
}
