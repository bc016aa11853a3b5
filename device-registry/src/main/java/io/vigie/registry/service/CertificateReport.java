package io.vigie.registry.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vigie.core.security.Caller;
import io.vigie.registry.model.Certificate;
import io.vigie.registry.model.DeviceModel;
import io.vigie.registry.repository.CertificateRepository;
import io.vigie.registry.repository.DeviceModelRepository;
import io.vigie.registry.repository.DeviceRepository;
import io.vigie.events.device.CertificateStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Which certificates expire (or have expired) and how many active devices of which hospital they affect. */
@ApplicationScoped
public class CertificateReport {

    /** One certificate of the report; {@code daysLeft} is negative once expired. */
    public record ExpiryLine(UUID certificateId, UUID modelId, String manufacturer, String modelName, String number,
            String notifiedBody, CertificateStatus status, LocalDate expiresOn, long daysLeft, boolean expired,
            Map<String, Long> activeDevicesByHospital) {
    }

    public record ExpiryReport(LocalDate date, int withinDays, List<ExpiryLine> certificates) {
    }

    private final CertificateRepository certificates;
    private final DeviceModelRepository models;
    private final DeviceRepository devices;

    public CertificateReport(CertificateRepository certificates, DeviceModelRepository models, DeviceRepository devices) {
        this.certificates = certificates;
        this.models = models;
        this.devices = devices;
    }

    @WithSession
    public Uni<ExpiryReport> build(Caller caller, int withinDays) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return certificates.expiringBy(today.plusDays(withinDays)).chain(certs -> {
            if (certs.isEmpty()) {
                return Uni.createFrom().item(new ExpiryReport(today, withinDays, List.of()));
            }
            List<UUID> modelIds = certs.stream().map(c -> c.modelId).distinct().toList();
            return models.list("id in ?1", modelIds).chain(modelList -> devices.countByModelAndHospital(modelIds).map(rows -> {
                Map<UUID, DeviceModel> byId = modelList.stream().collect(Collectors.toMap(m -> m.id, Function.identity()));
                Map<UUID, Map<String, Long>> counts = new HashMap<>();
                for (Object[] row : rows) {
                    String hospital = (String) row[1];
                    if (caller.mayAccess(hospital)) {
                        counts.computeIfAbsent((UUID) row[0], k -> new TreeMap<>()).put(hospital, (Long) row[2]);
                    }
                }
                List<ExpiryLine> lines = new ArrayList<>();
                for (Certificate c : certs) {
                    Map<String, Long> affected = counts.getOrDefault(c.modelId, Map.of());
                    if (!caller.isGroupWide() && affected.isEmpty()) {
                        continue; // a device admin sees the models their hospitals use
                    }
                    DeviceModel m = byId.get(c.modelId);
                    long daysLeft = ChronoUnit.DAYS.between(today, c.expiresOn);
                    lines.add(new ExpiryLine(c.id, c.modelId, m.manufacturer, m.modelName, c.number, c.notifiedBody, c.status,
                            c.expiresOn, daysLeft, daysLeft < 0, affected));
                }
                return new ExpiryReport(today, withinDays, lines);
            }));
        });
    }
}
