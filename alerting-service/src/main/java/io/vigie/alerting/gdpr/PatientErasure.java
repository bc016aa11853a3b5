package io.vigie.alerting.gdpr;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigie.events.Topics;
import io.vigie.events.patient.ErasureCompletedV1;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Erases what alerting's read model holds on a patient (alerts with their history and comments, care plan, care team,
 * overrides, silences, webhook deliveries; the evaluator erases its own state on the same event) and remembers the patient as erased so a late reading
 * or care plan is not stored again. Confirms through the outbox in the same transaction; idempotent.
 */
@ApplicationScoped
public class PatientErasure {

    /** Tables and the condition selecting the patient's rows; alert_event and care_team follow by cascade. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("alert", "patient_id = :p");
        TABLES.put("care_plan", "patient_id = :p");
        TABLES.put("rule_override", "patient_id = :p");
        TABLES.put("silence", "patient_id = :p");
        TABLES.put("webhook_delivery", "strpos(payload, :s) > 0");
    }

    private final Outbox outbox;
    private final String source;

    public PatientErasure(Outbox outbox, @ConfigProperty(name = "quarkus.application.name") String source) {
        this.outbox = outbox;
        this.source = source;
    }

    /** In the caller's transaction; serialized with the patient's evaluations and timers (see {@link #lock}). */
    public Uni<Void> erase(PatientErasedV1 e) {
        UUID p = e.patientId();
        return lock(p).chain(() -> Panache.getSession()).chain(s -> s.createNativeQuery("insert into erased_patient (patient_id, tenant_id, erased_at) values (:p, :t, :at)"
                + " on conflict (patient_id) do nothing").setParameter("p", p).setParameter("t", e.tenantId()).setParameter("at", Instant.now())
                .executeUpdate()).chain(inserted -> {
                    if (inserted == 0) {
                        return Uni.createFrom().voidItem(); // redelivery: erased and confirmed already
                    }
                    Map<String, Long> deleted = new LinkedHashMap<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Map.Entry<String, String> t : TABLES.entrySet()) {
                        chain = chain.chain(() -> Panache.getSession().chain(s -> {
                            var q = s.createNativeQuery("delete from " + t.getKey() + " where " + t.getValue());
                            q = t.getValue().contains(":s") ? q.setParameter("s", p.toString()) : q.setParameter("p", p);
                            return q.executeUpdate();
                        }).invoke(n -> deleted.put(t.getKey(), n.longValue())).replaceWithVoid());
                    }
                    return chain.invoke(() -> Log.infof("erased patient %s: %s", p, deleted))
                            .chain(() -> outbox.enqueue(Topics.ERASURE_COMPLETED, p.toString(), new ErasureCompletedV1(UUID.randomUUID(),
                                    ErasureCompletedV1.TYPE, ErasureCompletedV1.VERSION, Instant.now(), source, e.tenantId(), p, source, deleted)));
                });
    }

    /**
     * Takes the patient's lock for the rest of the caller's transaction: an evaluation or a timer that checked the patient
     * was not erased cannot then write alerts after the erasure deleted them.
     */
    public static Uni<Void> lock(UUID patientId) {
        return lock(List.of(patientId));
    }

    /** {@link #lock(UUID)} for several patients at once, in one statement, always in the same order (no deadlock between batches). */
    public static Uni<Void> lock(Collection<UUID> patients) {
        String keys = patients.stream().mapToLong(p -> p.getMostSignificantBits() ^ p.getLeastSignificantBits()).distinct().sorted()
                .mapToObj(Long::toString).collect(Collectors.joining(","));
        return Panache.getSession().chain(s -> s.createNativeQuery("select cast(count(cast(pg_advisory_xact_lock(k) as text)) as text) from (select k from unnest(array["
                + keys + "]::bigint[]) as k order by k) as sorted").getSingleResult()).replaceWithVoid();
    }

    /** Which of {@code patients} were erased. */
    public Uni<Set<UUID>> erased(Collection<UUID> patients) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select patient_id from erased_patient where patient_id in (:p)", UUID.class)
                .setParameter("p", patients).getResultList()).map(Set::copyOf);
    }

    /** True when the patient's data was erased: their late readings and care plans are dropped. */
    public Uni<Boolean> isErased(UUID patientId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select count(*) from erased_patient where patient_id = :p", Long.class)
                .setParameter("p", patientId).getSingleResult()).map(n -> n > 0);
    }
}
