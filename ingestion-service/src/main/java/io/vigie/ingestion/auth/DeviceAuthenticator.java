package io.vigie.ingestion.auth;

import io.micrometer.core.instrument.Gauge;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vigie.core.crypto.SecretHash;
import io.vigie.events.Topics;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.events.device.CredentialKind;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.events.device.DeviceStatus;
import io.vigie.ingestion.config.IngestionConfig;
import io.vigie.ingestion.directory.DeviceDirectory;
import io.vigie.ingestion.messaging.KafkaPublisher;
import io.vigie.ingestion.pipeline.IngestionMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Authenticates devices against the local directory: deviceId + secret, or a registered client-certificate
 * fingerprint. A secret is verified once with PBKDF2 on a bounded pool, then remembered as a keyed HMAC
 * ({@link VerifiedSecrets}), so reconnects are cheap. Wrong secrets back off exponentially per device id and per source
 * address ({@link FailedAttempts}); while locked, attempts are refused without running PBKDF2, so a flood on one device
 * id costs a handful of verifications and does not take the CPU the other devices need. A secret already verified in
 * this process still connects during a lock (a flood cannot lock the real device out).
 */
@ApplicationScoped
public class DeviceAuthenticator {

    /** Why a device is refused; the front doors map it to MQTT reason codes or HTTP statuses. */
    public enum Refusal {
        /** Unknown device, wrong secret, or no usable credential (revoked, grace period over). */
        BAD_CREDENTIALS,
        /** PROVISIONED or SUSPENDED. */
        NOT_ACTIVE,
        RETIRED,
        /** Too many failed attempts for this device id or from this address: try again after {@code retryAfter}. */
        LOCKED_OUT,
        /** The verifier pool is full (or this device is being verified already): try again shortly. */
        BUSY
    }

    /** Outcome: the device and the credential it used, or a refusal (with when to try again, for lockouts). */
    public record Result(DeviceStateV1 device, UUID credentialId, Refusal refusal, Duration retryAfter) {
        static Result ok(DeviceStateV1 d, UUID credentialId) {
            return new Result(d, credentialId, null, Duration.ZERO);
        }

        public static Result refused(Refusal r) {
            return new Result(null, null, r, Duration.ZERO);
        }

        static Result refused(Refusal r, Duration retryAfter) {
            return new Result(null, null, r, retryAfter);
        }

        public boolean accepted() {
            return refusal == null;
        }

        /** Whole seconds to announce in Retry-After (at least 1). */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    private final DeviceDirectory directory;
    private final KafkaPublisher publisher;
    private final IngestionMetrics metrics;
    private final String source;
    private final VerifiedSecrets verified = new VerifiedSecrets();
    private final FailedAttempts byDevice;
    private final FailedAttempts byAddress;
    private final ThreadPoolExecutor verifier;
    /** Devices with a PBKDF2 verification queued or running: one at a time per device id. */
    private final Map<UUID, CompletableFuture<Void>> verifying = new ConcurrentHashMap<>();

    public DeviceAuthenticator(DeviceDirectory directory, KafkaPublisher publisher, IngestionMetrics metrics, IngestionConfig config,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.directory = directory;
        this.publisher = publisher;
        this.metrics = metrics;
        this.source = source;
        IngestionConfig.Auth auth = config.auth();
        this.byDevice = new FailedAttempts(auth.deviceFailuresBeforeBackoff(), auth.backoffInitial(), auth.backoffMax(), auth.failureMemory());
        this.byAddress = new FailedAttempts(auth.addressFailuresBeforeBackoff(), auth.backoffInitial(), auth.backoffMax(), auth.failureMemory());
        int threads = auth.verifierThreads() > 0 ? auth.verifierThreads() : Runtime.getRuntime().availableProcessors();
        AtomicInteger n = new AtomicInteger();
        this.verifier = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.max(1, auth.verifierQueue())), r -> {
            Thread t = new Thread(r, "device-secret-verifier-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        directory.onChange(state -> verified.forget(state.deviceId())); // rotation, revocation, suspension, retirement
        Gauge.builder("vigie.ingestion.auth.verifier.queue", verifier, v -> v.getQueue().size())
                .description("Secret verifications (PBKDF2) waiting for a thread").register(metrics.registry());
        Gauge.builder("vigie.ingestion.auth.backoff.keys", this, a -> a.byDevice.size() + a.byAddress.size())
                .description("Device ids and source addresses with recent failed attempts").register(metrics.registry());
        Log.infof("device authentication: %d PBKDF2 verifier thread(s), queue %d; backoff after %d failures per device id, %d per address",
                threads, auth.verifierQueue(), auth.deviceFailuresBeforeBackoff(), auth.addressFailuresBeforeBackoff());
    }

    @PreDestroy
    void stop() {
        verifier.shutdownNow();
    }

    /**
     * Authenticates with deviceId and secret, presented from {@code address} (the peer's IP, for the backoff). The result
     * is delivered on the caller's Vert.x context (never on a verifier thread).
     */
    public Uni<Result> bySecret(String deviceId, String secret, String address) {
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        Uni<Result> result = Uni.createFrom().deferred(() -> authenticate(deviceId, secret, address));
        return caller == null ? result : result.emitOn(r -> caller.runOnContext(v -> r.run()));
    }

    private Uni<Result> authenticate(String deviceId, String secret, String address) {
        Instant now = Instant.now();
        DeviceStateV1 device = parse(deviceId).flatMap(directory::find).orElse(null);
        if (device == null || secret == null || secret.isEmpty()) {
            Duration addressLocked = byAddress.lockedFor(address, now);
            if (!addressLocked.isZero()) { // not counted again: a flood of random ids neither extends the lock nor floods the audit
                return lockedOut(addressLocked);
            }
            return Uni.createFrom().item(failed(null, address, now)); // no device to verify against: counts for the address
        }
        List<DeviceStateV1.Credential> candidates = device.credentials() == null ? List.of()
                : device.credentials().stream().filter(c -> c.kind() == CredentialKind.SECRET && c.usableAt(now)).toList();
        byte[] digest = verified.digest(secret);
        for (DeviceStateV1.Credential c : candidates) {
            if (verified.matches(device.deviceId(), c.credentialId(), digest)) {
                metrics.authentication("cached");
                return Uni.createFrom().item(status(device, c.credentialId()));
            }
        }
        Duration locked = longest(byDevice.lockedFor(device.deviceId().toString(), now), byAddress.lockedFor(address, now));
        if (!locked.isZero()) {
            return lockedOut(locked);
        }
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(failed(device, address, now));
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = verifying.putIfAbsent(device.deviceId(), mine);
        if (running != null) {
            // one verification per device id at a time: the others wait for it, then find the secret remembered (same
            // secret) or the device locked (a flood), instead of running PBKDF2 side by side
            return Uni.createFrom().completionStage(running).onItemOrFailure().transformToUni((x, f) -> authenticate(deviceId, secret, address));
        }
        return Uni.createFrom().<Result>emitter(em -> {
            try {
                verifier.execute(() -> {
                    Result r;
                    try {
                        r = verify(device, candidates, secret, digest, address);
                    } catch (RuntimeException e) {
                        done(device.deviceId(), mine);
                        em.fail(e);
                        return;
                    }
                    done(device.deviceId(), mine); // before the caller goes on: waiters re-check at once
                    em.complete(r);
                });
            } catch (RejectedExecutionException full) {
                done(device.deviceId(), mine);
                metrics.authentication("busy");
                em.complete(Result.refused(Refusal.BUSY, Duration.ofSeconds(1)));
            }
        });
    }

    /** Refused without verifying: the device id or the address is locked for {@code remaining}. */
    private Uni<Result> lockedOut(Duration remaining) {
        metrics.authentication("locked-out");
        return Uni.createFrom().item(Result.refused(Refusal.LOCKED_OUT, remaining));
    }

    private void done(UUID deviceId, CompletableFuture<Void> verification) {
        verifying.remove(deviceId, verification);
        verification.complete(null);
    }

    private Result verify(DeviceStateV1 device, List<DeviceStateV1.Credential> candidates, String secret, byte[] digest, String address) {
        for (DeviceStateV1.Credential c : candidates) {
            if (SecretHash.verify(secret, c.secretHash())) {
                // remembered only if the device did not change meanwhile (a rotation may have replaced this hash)
                if (directory.find(device.deviceId()).filter(d -> d.sequence() == device.sequence()).isPresent()) {
                    verified.remember(device.deviceId(), c.credentialId(), digest);
                }
                byDevice.succeeded(device.deviceId().toString());
                metrics.authentication("verified");
                return status(device, c.credentialId());
            }
        }
        return failed(device, address, Instant.now());
    }

    /** Records a failed attempt; a lock it starts is counted, logged and audited. */
    private Result failed(DeviceStateV1 device, String address, Instant now) {
        metrics.authentication("failed");
        FailedAttempts.Failure onDevice = device == null ? null : byDevice.failed(device.deviceId().toString(), now);
        FailedAttempts.Failure onAddress = byAddress.failed(address, now);
        if (onDevice != null && onDevice.lockedOut()) {
            lockout("device", device.tenantId(), "Device", device.deviceId().toString(), onDevice);
        }
        if (onAddress.lockedOut()) {
            lockout("address", null, "SourceAddress", address, onAddress);
        }
        return Result.refused(Refusal.BAD_CREDENTIALS, longest(onDevice == null ? Duration.ZERO : onDevice.lockedFor(), onAddress.lockedFor()));
    }

    private void lockout(String scope, String tenant, String resource, String id, FailedAttempts.Failure f) {
        metrics.authenticationLockout(scope);
        Log.warnf("device authentication: %s %s locked for %ds after %d failed attempts", scope, id, f.lockedFor().toSeconds(), f.failures());
        AuditRecordedV1 audit = new AuditRecordedV1(UUID.randomUUID(), AuditRecordedV1.TYPE, AuditRecordedV1.VERSION, Instant.now(), source, tenant,
                source, List.of(), "device-authentication.lockout", resource, id, "LOCKED_OUT", null,
                Map.of("scope", scope, "failures", Integer.toString(f.failures()), "lockedForSeconds", Long.toString(f.lockedFor().toSeconds())));
        publisher.publish(List.of(new KafkaPublisher.Out(Topics.AUDIT_RECORDED, tenant == null ? "group" : tenant, audit))).subscribe().with(ok -> {
        }, e -> Log.warnf("device authentication: lockout of %s %s not audited (%s)", scope, id, e.getClass().getSimpleName()));
    }

    @Scheduled(every = "1m", identity = "device-auth-backoff-expiry")
    void expire() {
        Instant now = Instant.now();
        byDevice.expire(now);
        byAddress.expire(now);
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

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
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
