package io.vigie.patient.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigie.core.messaging.EventReader;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.patient.ErasureCompletedV1;
import io.vigie.patient.audit.AuditChain;
import io.vigie.patient.gdpr.GdprService;
import io.vigie.patient.model.KnownDevice;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * What patient-service learns from Kafka: the registry's devices (assignments are checked against them), every
 * service's audit records (chained here, so one trail covers the platform) and erasure confirmations. Each in a
 * transaction committed before the offset; idempotent (by device sequence, event id, service).
 */
@ApplicationScoped
public class PatientConsumers {

    private final EventReader reader;
    private final AuditChain chain;
    private final GdprService gdpr;

    public PatientConsumers(EventReader reader, AuditChain chain, GdprService gdpr) {
        this.reader = reader;
        this.chain = chain;
        this.gdpr = gdpr;
    }

    @Incoming("device-state")
    public Uni<Void> device(String payload) {
        if (payload == null) {
            return Uni.createFrom().voidItem();
        }
        DeviceStateV1 s = reader.read(payload, DeviceStateV1.class);
        return retried(() -> KnownDevice.<KnownDevice>findById(s.deviceId()).chain(existing -> {
            if (existing != null && existing.sequence > s.sequence()) {
                return Uni.createFrom().voidItem();
            }
            KnownDevice d = existing == null ? new KnownDevice() : existing;
            d.deviceId = s.deviceId();
            d.tenantId = s.tenantId();
            d.status = s.status().name();
            d.kind = s.kind() == null ? null : s.kind().name();
            d.sequence = s.sequence();
            d.updatedAt = Instant.now();
            return existing == null ? d.persist().replaceWithVoid() : Uni.createFrom().voidItem();
        }));
    }

    @Incoming("audit")
    public Uni<Void> audit(String payload) {
        AuditRecordedV1 e = reader.read(payload, AuditRecordedV1.class);
        return retried(() -> chain.append(e).replaceWithVoid());
    }

    @Incoming("erasure-completed")
    public Uni<Void> erasure(String payload) {
        ErasureCompletedV1 c = reader.read(payload, ErasureCompletedV1.class);
        return retried(() -> gdpr.completed(c));
    }

    private static Uni<Void> retried(java.util.function.Supplier<Uni<Void>> work) {
        return Panache.withTransaction(work).onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(3);
    }
}
