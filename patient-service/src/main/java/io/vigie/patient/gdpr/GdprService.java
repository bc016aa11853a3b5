package io.vigie.patient.gdpr;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.core.security.Caller;
import io.vigie.events.Topics;
import io.vigie.events.patient.ErasureCompletedV1;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.outbox.Outbox;
import io.vigie.patient.audit.PatientAudit;
import io.vigie.patient.client.AlertingClient;
import io.vigie.patient.client.IngestionClient;
import io.vigie.patient.model.CareTeamMember;
import io.vigie.patient.model.Consent;
import io.vigie.patient.model.Enrollment;
import io.vigie.patient.model.Erasure;
import io.vigie.patient.model.Patient;
import io.vigie.patient.repository.AssignmentRepository;
import io.vigie.patient.service.PatientService;
import io.vigie.patient.service.StatePublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * GDPR rights: export (art. 15/20) of everything Vigie holds on a patient as one document, and erasure (art. 17)
 * across services, tracked until every service confirmed it. The audit trail keeps the fact, never the data.
 */
@ApplicationScoped
public class GdprService {

    /** Services that hold patient data elsewhere and must confirm an erasure. */
    public static final List<String> SERVICES = List.of("ingestion-service", "alerting-service");
    static final int PAGE = 200;

    public record ErasureStatus(UUID patientId, String hospitalId, Instant requestedAt, String requestedBy, Map<String, Instant> services,
            Instant completedAt) {
    }

    private final PatientService patients;
    private final AssignmentRepository assignments;
    private final StatePublisher publisher;
    private final Outbox outbox;
    private final PatientAudit audit;
    private final IngestionClient ingestion;
    private final AlertingClient alerting;
    private final String source;

    public GdprService(PatientService patients, AssignmentRepository assignments, StatePublisher publisher, Outbox outbox, PatientAudit audit,
            @RestClient IngestionClient ingestion, @RestClient AlertingClient alerting, @ConfigProperty(name = "quarkus.application.name") String source) {
        this.patients = patients;
        this.assignments = assignments;
        this.publisher = publisher;
        this.outbox = outbox;
        this.audit = audit;
        this.ingestion = ingestion;
        this.alerting = alerting;
        this.source = source;
    }

    /** The record, enrollments, assignments, consents, then every reading and alert, fetched with a service token. */
    public Uni<Map<String, Object>> export(Caller caller, UUID id) {
        return audit.guarded(caller, "EXPORT", "patient", id, () -> patients.visible(caller, id).chain(patients::details)).chain(d -> {
            Patient p = d.patient();
            Map<String, Object> doc = fields("exportedAt", Instant.now(), "patient", fields("id", p.id, "hospitalId", p.tenantId, "ins", p.ins,
                    "localIds", patients.localIds(p), "familyName", p.familyName, "givenNames", p.givenNames, "birthDate", p.birthDate, "sex", p.sex,
                    "contact", patients.contact(p), "fallRisk", p.fallRisk, "pregnant", p.pregnant,
                    "hypercapnicRespiratoryFailure", p.hypercapnicRespiratoryFailure, "createdAt", p.createdAt, "updatedAt", p.updatedAt));
            doc.put("careTeam", d.careTeam().stream().map(m -> fields("userId", m.id.userId(), "role", m.role, "since", m.since)).toList());
            doc.put("enrollments", d.enrollments().stream().map(patients::plan).toList());
            doc.put("assignments", d.assignments().stream().map(a -> fields("deviceId", a.deviceId, "from", a.from, "to", a.to)).toList());
            doc.put("consents", d.consents().stream().map(c -> fields("status", c.status, "effectiveAt", c.effectiveAt, "recordedBy", c.recordedBy,
                    "recordedAt", c.recordedAt)).toList());
            // ingestion answers 404 for a patient of whom it never stored a reading: nothing to export there
            return all("ingestion-service", (page, size) -> ingestion.readings(id, page, size)
                    .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
                    .recoverWithItem(Map.of("items", List.of(), "total", 0)))
                    .invoke(readings -> doc.put("readings", readings))
                    .chain(() -> all("alerting-service", (page, size) -> alerting.alerts(id, page, size)))
                    .invoke(alerts -> doc.put("alerts", alerts))
                    .call(() -> Panache.withTransaction(() -> audit.success(caller, p.tenantId, "EXPORT", "patient", id, Map.of(
                            "readings", String.valueOf(((List<?>) doc.get("readings")).size()), "alerts", String.valueOf(((List<?>) doc.get("alerts")).size())))))
                    .onFailure(ProblemException.class).call(e -> Panache.withTransaction(() -> audit.outcome(caller, p.tenantId, "EXPORT", "patient", id,
                            "FAILED", Map.of("status", String.valueOf(((ProblemException) e).status())))))
                    .replaceWith(doc);
        });
    }

    /** An ordered map that keeps null values (absent data is exported as null, not left out). */
    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** Every page of a paged list of another service; 503 when it cannot be reached (an export must be whole). */
    private Uni<List<Object>> all(String service, BiFunction<Integer, Integer, Uni<Map<String, Object>>> fetch) {
        return fetchFrom(fetch, 0, new ArrayList<>()).ifNoItem().after(Duration.ofSeconds(60)).fail()
                .onFailure().transform(e -> {
                    Log.warnf("export: %s unavailable: %s", service, ProblemMappers.describe(e));
                    return ProblemException.unavailable("The export needs " + service + ", which did not answer: nothing was exported, try again later.", 30);
                });
    }

    @SuppressWarnings("unchecked")
    private Uni<List<Object>> fetchFrom(BiFunction<Integer, Integer, Uni<Map<String, Object>>> fetch, int page, List<Object> acc) {
        return fetch.apply(page, PAGE).chain(answer -> {
            List<Object> items = (List<Object>) answer.getOrDefault("items", List.of());
            acc.addAll(items);
            long total = ((Number) answer.getOrDefault("total", 0)).longValue();
            return (long) (page + 1) * PAGE >= total || items.isEmpty() ? Uni.createFrom().item(acc) : fetchFrom(fetch, page + 1, acc);
        });
    }

    /**
     * Erases the patient's personal data here, publishes the erasure for the other services and blank states over the
     * patient's care plan and consent (compaction then forgets what they held), and tracks the confirmations.
     */
    public Uni<ErasureStatus> erase(Caller caller, UUID id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalidField("reason", "required: why the data is erased (recorded in the audit trail)");
        }
        return audit.guarded(caller, "ERASE", "patient", id, () -> patients.visible(caller, id).chain(p -> assignments.ofPatient(id).chain(mine -> {
            List<UUID> devices = mine.stream().map(a -> a.deviceId).distinct().toList();
            p.ins = null;
            p.localIds = null;
            p.familyName = null;
            p.givenNames = null;
            p.birthDate = null;
            p.sex = null;
            p.contact = null;
            p.fallRisk = false;
            p.pregnant = false;
            p.hypercapnicRespiratoryFailure = false;
            p.erasedAt = Instant.now();
            p.updatedAt = Instant.now();
            Erasure e = new Erasure();
            e.patientId = id;
            e.tenantId = p.tenantId;
            e.requestedBy = caller.userId();
            e.requestedAt = Instant.now();
            Map<String, Instant> pending = new LinkedHashMap<>();
            SERVICES.forEach(s -> pending.put(s, null));
            e.services = publisher.write(pending);
            return CareTeamMember.delete("id.patientId", id).chain(() -> Enrollment.delete("patientId", id)).chain(() -> Consent.delete("patientId", id))
                    .chain(() -> assignments.delete("patientId", id))
                    .chain(() -> Panache.getSession().chain(s -> s.flush()))
                    .chain(() -> publisher.carePlan(p))
                    .chain(() -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (UUID device : devices) {
                            chain = chain.chain(() -> publisher.assignments(device, p.tenantId));
                        }
                        return chain;
                    })
                    .chain(() -> outbox.enqueue(Topics.PATIENT_ERASED, id.toString(), new PatientErasedV1(UUID.randomUUID(), PatientErasedV1.TYPE,
                            PatientErasedV1.VERSION, Instant.now(), source, p.tenantId, id, devices, SERVICES)))
                    .chain(() -> e.persist())
                    .chain(() -> audit.success(caller, p.tenantId, "ERASE", "patient", id, Map.of("reasonLength", String.valueOf(reason.length()),
                            "devices", String.valueOf(devices.size()))))
                    .replaceWith(status(e));
        })));
    }

    public Uni<ErasureStatus> status(Caller caller, UUID id) {
        return Panache.withSession(() -> Erasure.<Erasure>findById(id).map(e -> {
            if (e == null) {
                throw ProblemException.notFound("Erasure", id.toString());
            }
            caller.requireHospital(e.tenantId, "Erasure", id);
            return status(e);
        }));
    }

    /** A service confirmed the erasure (idempotent). */
    public Uni<Void> completed(ErasureCompletedV1 c) {
        return Erasure.<Erasure>findById(c.patientId()).chain(e -> {
            if (e == null) {
                return Uni.createFrom().voidItem();
            }
            Map<String, Instant> services = publisher.read(e.services, new TypeReference<LinkedHashMap<String, Instant>>() {
            });
            if (services.containsKey(c.service()) && services.get(c.service()) == null) {
                services.put(c.service(), c.occurredAt());
                e.services = publisher.write(services);
                if (services.values().stream().allMatch(v -> v != null)) {
                    e.completedAt = Instant.now();
                }
            }
            return Uni.createFrom().voidItem();
        });
    }

    ErasureStatus status(Erasure e) {
        return new ErasureStatus(e.patientId, e.tenantId, e.requestedAt, e.requestedBy,
                publisher.read(e.services, new TypeReference<LinkedHashMap<String, Instant>>() {
                }), e.completedAt);
    }
}
