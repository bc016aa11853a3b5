package io.vigie.alerting.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.model.Alert;
import io.vigie.alerting.rules.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<Alert, UUID> {

    /** Worklist criteria; {@code hospitals} null = every hospital; {@code careTeamOf} restricts to that user's patients. */
    public record Criteria(Collection<String> hospitals, Collection<Alert.Status> statuses, Priority priority, UUID patientId, String ruleKey,
            String careTeamOf) {
    }

    public Uni<Alert> findOpen(UUID patientId, String ruleKey) {
        return find("patientId = ?1 and ruleKey = ?2 and status in ?3", patientId, ruleKey, List.of(Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED))
                .firstResult();
    }

    public Uni<Boolean> anyOpenForDevice(UUID deviceId, String ruleKey) {
        return count("deviceId = ?1 and ruleKey = ?2 and status in ?3", deviceId, ruleKey, List.of(Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED))
                .map(n -> n > 0);
    }

    public Uni<List<Alert>> dueForEscalation(Instant now, int limit) {
        return find("status = ?1 and priority = ?2 and escalationDueAt <= ?3 order by escalationDueAt", Alert.Status.OPEN, Priority.HIGH, now)
                .page(Page.ofSize(limit)).list();
    }

    public Uni<List<Alert>> search(Criteria c, int page, int size) {
        return find(where(c) + " order by case a.priority when 'HIGH' then 0 when 'MEDIUM' then 1 else 2 end, a.raisedAt desc, a.id", params(c))
                .page(Page.of(page, size)).list();
    }

    public Uni<Long> countSearch(Criteria c) {
        return count(where(c), params(c));
    }

    private static String where(Criteria c) {
        StringBuilder q = new StringBuilder("from Alert a where 1 = 1");
        if (c.hospitals() != null) {
            q.append(" and a.tenantId in :hospitals");
        }
        if (c.statuses() != null) {
            q.append(" and a.status in :statuses");
        }
        if (c.priority() != null) {
            q.append(" and a.priority = :priority");
        }
        if (c.patientId() != null) {
            q.append(" and a.patientId = :patientId");
        }
        if (c.ruleKey() != null) {
            q.append(" and a.ruleKey = :ruleKey");
        }
        if (c.careTeamOf() != null) {
            q.append(" and a.patientId in (select t.patientId from CareTeamMemberRow t where t.userId = :user)");
        }
        return q.toString();
    }

    private static Parameters params(Criteria c) {
        Parameters p = new Parameters();
        if (c.hospitals() != null) {
            p.and("hospitals", c.hospitals());
        }
        if (c.statuses() != null) {
            p.and("statuses", c.statuses());
        }
        if (c.priority() != null) {
            p.and("priority", c.priority());
        }
        if (c.patientId() != null) {
            p.and("patientId", c.patientId());
        }
        if (c.ruleKey() != null) {
            p.and("ruleKey", c.ruleKey());
        }
        if (c.careTeamOf() != null) {
            p.and("user", c.careTeamOf());
        }
        return p;
    }
}
