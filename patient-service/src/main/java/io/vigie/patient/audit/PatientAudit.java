package io.vigie.patient.audit;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.security.Caller;
import io.vigie.events.audit.AuditRecordedV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records every read and write of patient data done through this service: who (user, roles, hospital), what
 * (resource, id, action), when, why ({@code X-Purpose}) and the outcome. A refused access (404 across hospitals,
 * 403) is recorded too, in a transaction of its own since the work itself is rolled back.
 */
@ApplicationScoped
public class PatientAudit {

    private final AuditChain chain;
    private final String source;

    public PatientAudit(AuditChain chain, @ConfigProperty(name = "quarkus.application.name") String source) {
        this.chain = chain;
        this.source = source;
    }

    /** In the current transaction. */
    public Uni<Void> success(Caller caller, String tenant, String action, String resource, Object id, Map<String, String> details) {
        return outcome(caller, tenant, action, resource, id, "SUCCESS", details);
    }

    /** In the current transaction, with another outcome than SUCCESS (e.g. FAILED when another service did not answer). */
    public Uni<Void> outcome(Caller caller, String tenant, String action, String resource, Object id, String outcome, Map<String, String> details) {
        return chain.append(event(caller, tenant, action, resource, id, outcome, details)).replaceWithVoid();
    }

    /** Runs {@code work} in a transaction; if it is refused (403, 404), records the refusal and rethrows. */
    public <T> Uni<T> guarded(Caller caller, String action, String resource, Object id, Supplier<Uni<T>> work) {
        return Panache.withTransaction(work).onFailure(ProblemException.class).call(e -> {
            int status = ((ProblemException) e).status();
            if (status != 403 && status != 404) {
                return Uni.createFrom().voidItem();
            }
            return Panache.withTransaction(() -> chain.append(event(caller, null, action, resource, id, status == 404 ? "NOT_FOUND" : "FORBIDDEN",
                    Map.of("status", String.valueOf(status))))).replaceWithVoid();
        });
    }

    AuditRecordedV1 event(Caller caller, String tenant, String action, String resource, Object id, String outcome, Map<String, String> details) {
        Caller.Actor actor = caller.actor();
        Map<String, String> all = new TreeMap<>(details);
        if (!caller.hospitals().isEmpty()) {
            all.put("actorHospitals", String.join(",", new TreeSet<>(caller.hospitals()))); // who acted from which hospital
        }
        return new AuditRecordedV1(UUID.randomUUID(), AuditRecordedV1.TYPE, AuditRecordedV1.VERSION, Instant.now(), source, tenant, actor.id(),
                actor.roles(), action, resource, id == null ? null : id.toString(), outcome, caller.purpose(), Map.copyOf(all));
    }
}
