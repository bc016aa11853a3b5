package io.vigie.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.device.DeviceStatus;
import io.vigie.registry.model.Device;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, UUID> {

    /** Search criteria; {@code hospitals} null means every hospital (group-wide caller). */
    public record Criteria(Collection<String> hospitals, String hospitalId, DeviceKind kind, DeviceStatus status,
            UUID modelId, LocalDate certificateExpiringBy, LocalDate today) {
    }

    public Uni<List<Device>> search(Criteria c, int page, int size) {
        return find(where(c) + " order by d.createdAt, d.id", params(c)).page(Page.of(page, size)).list();
    }

    public Uni<Long> countSearch(Criteria c) {
        return count(where(c), params(c));
    }

    public Uni<Boolean> serialTaken(UUID modelId, String serialNumber) {
        return count("modelId = ?1 and serialNumber = ?2", modelId, serialNumber).map(n -> n > 0);
    }

    public Uni<List<Device>> ofModel(UUID modelId) {
        return list("modelId = ?1 order by id", modelId);
    }

    /** Devices per hospital of each model, for the certificate report. */
    public Uni<List<Object[]>> countByModelAndHospital(Collection<UUID> modelIds) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select d.modelId, d.hospitalId, count(d) from Device d where d.modelId in :ids and d.status <> 'RETIRED' "
                        + "group by d.modelId, d.hospitalId", Object[].class)
                .setParameter("ids", modelIds).getResultList());
    }

    /** Keeps the latest sighting; never moves backwards and never bumps the version (not an admin edit). */
    public Uni<Integer> markSeen(UUID deviceId, Instant seenAt) {
        return update("lastSeenAt = ?2 where id = ?1 and (lastSeenAt is null or lastSeenAt < ?2)", deviceId, seenAt);
    }

    private static String where(Criteria c) {
        StringBuilder q = new StringBuilder("from Device d where 1 = 1");
        if (c.hospitals() != null) {
            q.append(" and d.hospitalId in :hospitals");
        }
        if (c.hospitalId() != null) {
            q.append(" and d.hospitalId = :hospitalId");
        }
        if (c.status() != null) {
            q.append(" and d.status = :status");
        }
        if (c.modelId() != null) {
            q.append(" and d.modelId = :modelId");
        }
        if (c.kind() != null) {
            q.append(" and d.modelId in (select m.id from DeviceModel m where m.kind = :kind)");
        }
        if (c.certificateExpiringBy() != null) {
            q.append(" and d.modelId in (select cert.modelId from Certificate cert where cert.status = 'VALID'"
                    + " and cert.expiresOn >= :today and cert.expiresOn <= :expiringBy)");
        }
        return q.toString();
    }

    private static Parameters params(Criteria c) {
        Parameters p = new Parameters();
        Map<String, Object> values = new java.util.HashMap<>();
        values.put("hospitals", c.hospitals());
        values.put("hospitalId", c.hospitalId());
        values.put("status", c.status());
        values.put("modelId", c.modelId());
        values.put("kind", c.kind());
        if (c.certificateExpiringBy() != null) {
            values.put("expiringBy", c.certificateExpiringBy());
            values.put("today", c.today());
        }
        values.forEach((k, v) -> {
            if (v != null) {
                p.and(k, v);
            }
        });
        return p;
    }
}
