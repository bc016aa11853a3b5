package io.vigie.alerting.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.model.ObservationRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ObservationRepository implements PanacheRepositoryBase<ObservationRow, UUID> {

    /** Inserts unless already there; true when inserted (false: a redelivery, already evaluated). */
    public Uni<Boolean> insertIfAbsent(ObservationRow o) {
        return getSession().chain(s -> s.createNativeQuery("insert into observation (reading_id, patient_id, tenant_id, device_id, code, value, "
                        + "value_code, components, measured_at, clinical_grade, received_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                        + "on conflict (reading_id) do nothing")
                .setParameter(1, o.readingId).setParameter(2, o.patientId).setParameter(3, o.tenantId).setParameter(4, o.deviceId)
                .setParameter(5, o.code).setParameter(6, o.value).setParameter(7, o.valueCode).setParameter(8, o.components)
                .setParameter(9, o.measuredAt).setParameter(10, o.clinicalGrade).setParameter(11, o.receivedAt)
                .executeUpdate()).map(n -> n == 1);
    }

    /** A patient's readings of {@code codes} measured in [from, to], newest first, at most {@code limit}. */
    public Uni<List<ObservationRow>> window(UUID patientId, Collection<String> codes, Instant from, Instant to, int limit) {
        return find("patientId = ?1 and code in ?2 and measuredAt >= ?3 and measuredAt <= ?4 order by measuredAt desc", patientId, codes, from, to)
                .page(Page.ofSize(limit)).list();
    }

    /** Time of the latest reading of {@code codes} for a patient, or null. */
    public Uni<Instant> latest(UUID patientId, Collection<String> codes) {
        return getSession().chain(s -> s.createSelectionQuery("select max(o.measuredAt) from ObservationRow o where o.patientId = :p and o.code in :c",
                Instant.class).setParameter("p", patientId).setParameter("c", codes).getSingleResultOrNull());
    }

    public Uni<Long> purgeBefore(Instant before) {
        return delete("measuredAt < ?1", before);
    }
}
