package io.vigie.ingestion.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vigie.core.crypto.SecretHash;
import io.vigie.events.device.CredentialKind;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.device.DeviceStatus;
import io.vigie.ingestion.directory.DeviceDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates devices against the local directory: deviceId + secret (PBKDF2, verified on a worker thread, then
 * remembered as a SHA-256 so reconnects are cheap), or a registered client-certificate fingerprint.
 */
@ApplicationScoped
public class DeviceAuthenticator {

    /** Why a device is refused; the front doors map it to MQTT reason codes or HTTP statuses. */
    public enum Refusal {
        /** Unknown device, wrong secret, or no usable credential (revoked, grace period over). */
        BAD_CREDENTIALS,
        /** PROVISIONED or SUSPENDED. */
        NOT_ACTIVE,
        RETIRED
    }

    /** Outcome: the device and the credential it used, or a refusal. */
    public record Result(DeviceStateV1 device, UUID credentialId, Refusal refusal) {
        static Result ok(DeviceStateV1 d, UUID credentialId) {
            return new Result(d, credentialId, null);
        }

        static Result refused(Refusal r) {
            return new Result(null, null, r);
        }

        public boolean accepted() {
            return refusal == null;
        }
    }

    private final DeviceDirectory directory;
    private final Vertx vertx;
    private final Map<UUID, String> verified = new ConcurrentHashMap<>();

    public DeviceAuthenticator(DeviceDirectory directory, Vertx vertx) {
        this.directory = directory;
        this.vertx = vertx;
    }

    public Uni<Result> bySecret(String deviceId, String secret) {
        Optional<DeviceStateV1> found = parse(deviceId).flatMap(directory::find);
        if (found.isEmpty() || secret == null || secret.isEmpty()) {
            return Uni.createFrom().item(Result.refused(Refusal.BAD_CREDENTIALS));
        }
        DeviceStateV1 device = found.get();
        Instant now = Instant.now();
        var candidates = device.credentials() == null ? java.util.List.<DeviceStateV1.Credential>of()
                : device.credentials().stream().filter(c -> c.kind() == CredentialKind.SECRET && c.usableAt(now)).toList();
        String digest = SecretHash.sha256Hex(secret);
        for (DeviceStateV1.Credential c : candidates) {
            if (digest.equals(verified.get(c.credentialId()))) {
                return Uni.createFrom().item(status(device, c.credentialId()));
            }
        }
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(Result.refused(Refusal.BAD_CREDENTIALS));
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            for (DeviceStateV1.Credential c : candidates) {
                if (SecretHash.verify(secret, c.secretHash())) {
                    verified.put(c.credentialId(), digest);
                    return status(device, c.credentialId());
                }
            }
            return Result.refused(Refusal.BAD_CREDENTIALS);
        }), false); // unordered: a reconnect storm verifies on all worker threads, not one after the other
    }

    public Result byFingerprint(String fingerprintSha256) {
        Instant now = Instant.now();
        return directory.findByFingerprint(fingerprintSha256)
                .flatMap(d -> d.credentials().stream()
                        .filter(c -> c.kind() == CredentialKind.X509 && fingerprintSha256.equalsIgnoreCase(c.fingerprintSha256()) && c.usableAt(now))
                        .findFirst().map(c -> status(d, c.credentialId())))
                .orElse(Result.refused(Refusal.BAD_CREDENTIALS));
    }

    /** Whether a connection authenticated with {@code credentialId} may go on, given the device's current state. */
    public boolean stillAuthorized(UUID deviceId, UUID credentialId, Instant now) {
        return directory.find(deviceId).map(d -> d.status() == DeviceStatus.ACTIVE && d.credentials() != null
                && d.credentials().stream().anyMatch(c -> c.credentialId().equals(credentialId) && c.usableAt(now))).orElse(false);
    }

    private static Result status(DeviceStateV1 d, UUID credentialId) {
        return switch (d.status()) {
            case ACTIVE -> Result.ok(d, credentialId);
            case RETIRED -> Result.refused(Refusal.RETIRED);
            case PROVISIONED, SUSPENDED -> Result.refused(Refusal.NOT_ACTIVE);
        };
    }

    private static Optional<UUID> parse(String id) {
        try {
            return id == null ? Optional.empty() : Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
