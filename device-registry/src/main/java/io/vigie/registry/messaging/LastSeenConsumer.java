package io.vigie.registry.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigie.core.messaging.EventReader;
import io.vigie.events.device.DeviceSeenV1;
import io.vigie.registry.repository.DeviceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps {@code lastSeenAt} from ingestion's sightings. The offset is committed after the write (the returned
 * Uni); the write only moves lastSeenAt forward, so redelivery and out-of-order sightings are harmless.
 */
@ApplicationScoped
public class LastSeenConsumer {

    private final DeviceRepository devices;
    private final EventReader reader;

    public LastSeenConsumer(DeviceRepository devices, EventReader reader) {
        this.devices = devices;
        this.reader = reader;
    }

    @Incoming("device-seen")
    public Uni<Void> onSeen(String payload) {
        DeviceSeenV1 seen = reader.read(payload, DeviceSeenV1.class);
        if (seen.deviceId() == null || seen.seenAt() == null) {
            return Uni.createFrom().failure(new EventReader.UnreadableEvent("device-seen event without deviceId or seenAt"));
        }
        return Panache.withTransaction(() -> devices.markSeen(seen.deviceId(), seen.seenAt())).replaceWithVoid();
    }
}
