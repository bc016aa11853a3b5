package io.vigie.ingestion.directory;

import io.vigie.events.Topics;
import io.vigie.events.device.CredentialKind;
import io.vigie.events.device.DeviceStateV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Ingestion's local view of the registry, from the compacted {@link Topics#DEVICE_STATE} topic: the hot path
 * authenticates and gates devices against it and never calls the registry. States older than the one held
 * (lower {@code sequence}) are ignored.
 */
@ApplicationScoped
public class DeviceDirectory {

    private final Map<UUID, DeviceStateV1> devices = new ConcurrentHashMap<>();
    private final Map<String, UUID> byFingerprint = new ConcurrentHashMap<>();
    private final List<Consumer<DeviceStateV1>> listeners = new CopyOnWriteArrayList<>();
    private final CatchUp catchUp = new CatchUp(Topics.DEVICE_STATE);

    public Optional<DeviceStateV1> find(UUID deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    public Optional<DeviceStateV1> findByFingerprint(String fingerprintSha256) {
        UUID id = byFingerprint.get(fingerprintSha256.toLowerCase());
        return id == null ? Optional.empty() : find(id);
    }

    /** Applies a newer state and tells the listeners (the MQTT front door disconnects revoked devices). */
    public void apply(DeviceStateV1 state) {
        DeviceStateV1 previous = devices.get(state.deviceId());
        if (previous != null && previous.sequence() > state.sequence()) {
            return;
        }
        devices.put(state.deviceId(), state);
        if (previous != null && previous.credentials() != null) {
            previous.credentials().stream().filter(c -> c.kind() == CredentialKind.X509)
                    .forEach(c -> byFingerprint.remove(c.fingerprintSha256(), state.deviceId()));
        }
        if (state.credentials() != null) {
            state.credentials().stream().filter(c -> c.kind() == CredentialKind.X509)
                    .forEach(c -> byFingerprint.put(c.fingerprintSha256(), state.deviceId()));
        }
        listeners.forEach(l -> l.accept(state));
    }

    public void onChange(Consumer<DeviceStateV1> listener) {
        listeners.add(listener);
    }

    public CatchUp catchUp() {
        return catchUp;
    }

    public int size() {
        return devices.size();
    }
}
