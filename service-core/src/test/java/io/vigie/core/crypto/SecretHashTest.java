package io.vigie.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretHashTest {

    @Test
    void shouldVerifyTheSecretAndRefuseAnyOtherWhenHashed() {
        String secret = SecretHash.newSecret();
        String hash = SecretHash.hash(secret);
        assertTrue(SecretHash.verify(secret, hash));
        assertFalse(SecretHash.verify(secret + "x", hash));
        assertFalse(SecretHash.verify(SecretHash.newSecret(), hash));
    }

    @Test
    void shouldSaltEachHashAndNeverContainTheSecret() {
        String secret = SecretHash.newSecret();
        String a = SecretHash.hash(secret);
        assertNotEquals(a, SecretHash.hash(secret));
        assertFalse(a.contains(secret));
        assertTrue(a.startsWith("pbkdf2-sha256$210000$"));
        assertEquals(43, secret.length(), "256 random bits, base64url");
    }

    @Test
    void shouldRefuseMalformedHashesWithoutThrowing() {
        assertFalse(SecretHash.verify("s", "plain"));
        assertFalse(SecretHash.verify("s", "pbkdf2-sha256$x$y$z"));
        assertFalse(SecretHash.verify("s", "md5$1$a$b"));
        assertFalse(SecretHash.verify(null, "pbkdf2-sha256$1$a$b"));
    }
}
