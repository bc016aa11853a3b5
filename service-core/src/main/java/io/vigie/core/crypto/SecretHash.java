package io.vigie.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Device secrets: generated with a CSPRNG (256 bits), stored and published only as a slow salted hash,
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (JDK PBKDF2WithHmacSHA256, 16-byte salt, 32-byte hash).
 * Verifying costs about as much as hashing: callers keep it off event-loop threads.
 */
public final class SecretHash {

    public static final String ALGORITHM = "pbkdf2-sha256";
    public static final int ITERATIONS = 210_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private SecretHash() {
    }

    /** A new random secret, base64url (43 characters): shown once to the admin, never stored in clear. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    public static String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return ALGORITHM + "$" + ITERATIONS + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(derive(secret, salt, ITERATIONS));
    }

    /** Constant-time check of {@code secret} against an encoded hash; false for any malformed hash. */
    public static boolean verify(String secret, String encoded) {
        if (secret == null || encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] expected = B64D.decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(secret, B64D.decode(parts[2]), iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        try {
            KeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    /** SHA-256 of a string, hex: for short-lived in-memory caches of already verified secrets. */
    public static String sha256Hex(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
