package io.vigie.patient.messaging;

import io.smallrye.mutiny.Uni;
import io.vigie.events.Topics;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.inbox.InboxHandler;
import io.vigie.patient.model.KnownDevice;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The registry's devices, which assignments are checked against; an older state (lower sequence) never wins. */
@ApplicationScoped
public class RegistryDevices implements InboxHandler<DeviceStateV1> {

    @Override
    public InboxConsumer<DeviceStateV1> consumer() {
        return InboxConsumer.of("patient-device-state", Topics.DEVICE_STATE, DeviceStateV1.class, "patient-service");
    }

    @Override
    public Uni<Void> handle(DeviceStateV1 s, InboxContext ctx) {
        return KnownDevice.<KnownDevice>findById(s.deviceId()).chain(existing -> {
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
        });
    }
}
