package io.vigie.patient.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vigie.patient.model.Patient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PatientRepository implements PanacheRepositoryBase<Patient, UUID> {

    /** Search criteria; {@code hospitals} null = every hospital. */
    public record Criteria(Collection<String> hospitals, String name, String ins, String localId) {
    }

    public Uni<Boolean> insTaken(String tenantId, String ins, UUID exceptId) {
        return count("tenantId = ?1 and ins = ?2 and id <> ?3", tenantId, ins, exceptId == null ? new UUID(0, 0) : exceptId).map(n -> n > 0);
    }

    public Uni<List<Patient>> search(Criteria c, int page, int size) {
        return find(where(c) + " order by lower(p.familyName), lower(p.givenNames), p.id", params(c)).page(Page.of(page, size)).list();
    }

    public Uni<Long> countSearch(Criteria c) {
        return count(where(c), params(c));
    }

    private static String where(Criteria c) {
        StringBuilder q = new StringBuilder("from Patient p where p.erasedAt is null");
        if (c.hospitals() != null) {
            q.append(" and p.tenantId in :hospitals");
        }
        if (c.name() != null) {
            q.append(" and (lower(p.familyName) like :name or lower(p.givenNames) like :name)");
        }
        if (c.ins() != null) {
            q.append(" and p.ins = :ins");
        }
        if (c.localId() != null) {
            q.append(" and p.localIds like :localId");
        }
        return q.toString();
    }

    private static Parameters params(Criteria c) {
        Parameters p = new Parameters();
        if (c.hospitals() != null) {
            p.and("hospitals", c.hospitals());
        }
        if (c.name() != null) {
            p.and("name", c.name().toLowerCase().replace("%", "").replace("_", "") + "%");
        }
        if (c.ins() != null) {
            p.and("ins", c.ins());
        }
        if (c.localId() != null) {
            p.and("localId", "%\"value\":\"" + c.localId().replace("%", "").replace("\"", "") + "\"%");
        }
        return p;
    }
}
