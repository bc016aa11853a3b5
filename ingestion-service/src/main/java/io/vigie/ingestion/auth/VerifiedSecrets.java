package io.vigie.ingestion.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets this process already verified with PBKDF2, kept as HMAC-SHA256 under a random key that never leaves the
 * process (a heap dump yields no secret and no offline-crackable hash), per device and credential id, so a
 * reconnect costs one HMAC instead of 210,000 PBKDF2 iterations. A device's entries are forgotten as soon as its
 * state changes (rotation, revocation, suspension, retirement).
 */
final class VerifiedSecrets {

    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final Map<UUID, Map<UUID, byte[]>> byDevice = new ConcurrentHashMap<>();

    VerifiedSecrets() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, HMAC);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 unavailable", e);
            }
        });
    }

    /** The keyed hash of a presented secret, to compare with {@link #matches} for each candidate credential. */
    byte[] digest(String secret) {
        return macs.get().doFinal(secret.getBytes(StandardCharsets.UTF_8));
    }

    boolean matches(UUID deviceId, UUID credentialId, byte[] digest) {
        Map<UUID, byte[]> credentials = byDevice.get(deviceId);
        byte[] known = credentials == null ? null : credentials.get(credentialId);
        return known != null && MessageDigest.isEqual(known, digest);
    }

    void remember(UUID deviceId, UUID credentialId, byte[] digest) {
        byDevice.computeIfAbsent(deviceId, d -> new ConcurrentHashMap<>()).put(credentialId, digest);
    }

    void forget(UUID deviceId) {
        byDevice.remove(deviceId);
    }
}
