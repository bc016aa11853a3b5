package io.vigie.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vigie.events.device.DeviceKind;
import io.vigie.registry.model.DeviceModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DeviceModelRepository implements PanacheRepositoryBase<DeviceModel, UUID> {

    public Uni<Boolean> nameTaken(String manufacturer, String modelName, UUID exceptId) {
        return count("lower(manufacturer) = lower(?1) and lower(modelName) = lower(?2) and id <> ?3", manufacturer, modelName,
                exceptId == null ? new UUID(0, 0) : exceptId).map(n -> n > 0);
    }

    public Uni<List<DeviceModel>> search(DeviceKind kind, String manufacturer, int page, int size) {
        return find(where(kind, manufacturer) + " order by manufacturer, modelName, id", params(kind, manufacturer))
                .page(Page.of(page, size)).list();
    }

    public Uni<Long> countSearch(DeviceKind kind, String manufacturer) {
        return count(where(kind, manufacturer), params(kind, manufacturer));
    }

    private static String where(DeviceKind kind, String manufacturer) {
        return "1 = 1" + (kind == null ? "" : " and kind = :kind")
                + (manufacturer == null ? "" : " and lower(manufacturer) = lower(:manufacturer)");
    }

    private static Parameters params(DeviceKind kind, String manufacturer) {
        Parameters p = new Parameters();
        if (kind != null) {
            p.and("kind", kind);
        }
        if (manufacturer != null) {
            p.and("manufacturer", manufacturer);
        }
        return p;
    }
}
