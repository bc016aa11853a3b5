package io.vigie.registry.service;

import io.smallrye.mutiny.Uni;
import io.vigie.events.Topics;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.outbox.Outbox;
import io.vigie.registry.model.Device;
import io.vigie.registry.model.DeviceModel;
import io.vigie.registry.repository.CertificateRepository;
import io.vigie.registry.repository.CredentialRepository;
import io.vigie.registry.repository.DeviceModelRepository;
import io.vigie.registry.repository.DeviceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Loads a device with its model, certificates and credentials, and writes its current state to the outbox
 * (topic {@link Topics#DEVICE_STATE}, key deviceId) in the caller's transaction.
 */
@ApplicationScoped
public class DeviceStates {

    private static final AtomicLong LAST_SEQUENCE = new AtomicLong();

    private final DeviceRepository devices;
    private final DeviceModelRepository models;
    private final CertificateRepository certificates;
    private final CredentialRepository credentials;
    private final Outbox outbox;
    private final String source;

    public DeviceStates(DeviceRepository devices, DeviceModelRepository models, CertificateRepository certificates,
            CredentialRepository credentials, Outbox outbox, @ConfigProperty(name = "quarkus.application.name") String source) {
        this.devices = devices;
        this.models = models;
        this.certificates = certificates;
        this.credentials = credentials;
        this.outbox = outbox;
        this.source = source;
    }

    public Uni<DeviceDetails> load(Device device) {
        return models.findById(device.modelId).chain(model -> load(device, model));
    }

    public Uni<DeviceDetails> load(Device device, DeviceModel model) {
        return certificates.ofModel(model.id).chain(certs -> credentials.ofDevice(device.id)
                .map(creds -> new DeviceDetails(device, model, certs, creds)));
    }

    /** Publishes (via the outbox) the state of this device as it is in the current transaction. */
    public Uni<Void> publish(DeviceDetails d) {
        Instant now = Instant.now();
        List<DeviceStateV1.Credential> usable = d.credentials().stream().filter(c -> c.usableAt(now))
                .map(c -> new DeviceStateV1.Credential(c.id, c.kind, c.secretHash, c.fingerprintSha256, c.validUntil))
                .toList();
        DeviceStateV1 event = new DeviceStateV1(UUID.randomUUID(), DeviceStateV1.TYPE, DeviceStateV1.VERSION, now, source,
                d.device().hospitalId, nextSequence(now), d.device().id, d.model().id, d.device().serialNumber, d.model().kind,
                d.device().status, d.device().firmwareVersion, d.model().measurementCodes, usable, d.gradeInputs(),
                d.model().payloadMapping);
        return outbox.enqueue(Topics.DEVICE_STATE, d.device().id.toString(), event);
    }

    /** After a model or certificate change: every device of the model gets its new state published. */
    public Uni<Integer> publishAllOfModel(DeviceModel model) {
        return devices.ofModel(model.id).chain(list -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Device device : list) {
                chain = chain.chain(() -> load(device, model)).chain(this::publish);
            }
            return chain.replaceWith(list.size());
        });
    }

    /** Microseconds since the epoch, strictly increasing in this JVM: consumers keep the highest they saw. */
    static long nextSequence(Instant now) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        return LAST_SEQUENCE.updateAndGet(prev -> Math.max(prev + 1, micros));
    }
}
