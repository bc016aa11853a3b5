package io.vigie.registry.messaging;

import io.smallrye.mutiny.Uni;
import io.vigie.events.Topics;
import io.vigie.events.device.DeviceSeenV1;
import io.vigie.inbox.InboxBatchHandler;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.registry.repository.DeviceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps {@code lastSeenAt} from ingestion's sightings, a poll at a time: one update per device with its latest
 * sighting. The update only moves lastSeenAt forward, so out-of-order sightings are harmless.
 */
@ApplicationScoped
public class LastSeenConsumer implements InboxBatchHandler<DeviceSeenV1> {

    private final DeviceRepository devices;

    public LastSeenConsumer(DeviceRepository devices) {
        this.devices = devices;
    }

    @Override
    public InboxConsumer<DeviceSeenV1> consumer() {
        return InboxConsumer.of("registry-device-seen", Topics.DEVICE_SEEN, DeviceSeenV1.class, "device-registry").maxRecords(500);
    }

    @Override
    public Uni<Void> handle(List<DeviceSeenV1> sightings, InboxContext ctx) {
        Map<UUID, Instant> latest = new LinkedHashMap<>();
        sightings.forEach(s -> latest.merge(s.deviceId(), s.seenAt(), (a, b) -> a.isAfter(b) ? a : b));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<UUID, Instant> e : latest.entrySet()) {
            chain = chain.chain(() -> devices.markSeen(e.getKey(), e.getValue()).replaceWithVoid());
        }
        return chain;
    }
}
