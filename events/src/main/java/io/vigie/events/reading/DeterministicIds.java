package io.vigie.events.reading;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** Name-based (RFC 4122 version 5) ids: the same device and device-side id always give the same Vigie id. */
public final class DeterministicIds {

    private static final UUID NAMESPACE = UUID.fromString("6d2b4f0e-6f1a-5c58-9c1e-76a1e5a7c0de");

    private DeterministicIds() {
    }

    public static UUID reading(UUID deviceId, String deviceReadingId) {
        return v5("reading:" + deviceId + ":" + deviceReadingId);
    }

    public static UUID deviceEvent(UUID deviceId, String deviceEventId) {
        return v5("event:" + deviceId + ":" + deviceEventId);
    }

    static UUID v5(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(toBytes(NAMESPACE));
            byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            long msb = 0;
            long lsb = 0;
            for (int i = 0; i < 8; i++) {
                msb = (msb << 8) | (h[i] & 0xff);
                lsb = (lsb << 8) | (h[8 + i] & 0xff);
            }
            return new UUID(msb, lsb);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] toBytes(UUID u) {
        byte[] b = new byte[16];
        long msb = u.getMostSignificantBits();
        long lsb = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (msb >>> (56 - 8 * i));
            b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return b;
    }
}
