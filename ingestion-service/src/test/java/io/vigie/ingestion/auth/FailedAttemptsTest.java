package io.vigie.ingestion.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The backoff arithmetic (the front doors' behaviour under it is tested through MQTT and HTTP). */
class FailedAttemptsTest {

    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    final FailedAttempts attempts = new FailedAttempts(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(15));

    @Test
    void shouldLockFromTheThresholdOnAndDoubleUpToTheMaximum() {
        assertFalse(attempts.failed("10.0.0.7", T0).lockedOut());
        assertFalse(attempts.failed("10.0.0.7", T0).lockedOut());
        assertEquals(Duration.ofSeconds(1), attempts.failed("10.0.0.7", T0).lockedFor(), "third failure: locked 1 s");
        assertEquals(Duration.ofMillis(400), attempts.lockedFor("10.0.0.7", T0.plusMillis(600)));
        assertEquals(Duration.ZERO, attempts.lockedFor("10.0.0.7", T0.plusSeconds(1)), "the lock ends");
        Instant t = T0.plusSeconds(2);
        assertEquals(Duration.ofSeconds(2), attempts.failed("10.0.0.7", t).lockedFor(), "next failure: doubled");
        assertEquals(Duration.ofSeconds(4), attempts.failed("10.0.0.7", t).lockedFor());
        assertEquals(Duration.ofSeconds(8), attempts.failed("10.0.0.7", t).lockedFor());
        assertEquals(Duration.ofSeconds(10), attempts.failed("10.0.0.7", t).lockedFor(), "capped");
        assertEquals(Duration.ofSeconds(10), attempts.failed("10.0.0.7", t).lockedFor());
    }

    @Test
    void shouldKeepKeysApartAndForgetAfterSuccessOrQuietTime() {
        attempts.failed("device-a", T0);
        attempts.failed("device-a", T0);
        assertTrue(attempts.failed("device-a", T0).lockedOut());
        assertEquals(Duration.ZERO, attempts.lockedFor("device-b", T0), "another key is not affected");
        attempts.succeeded("device-a");
        assertEquals(Duration.ZERO, attempts.lockedFor("device-a", T0));
        attempts.failed("device-c", T0);
        attempts.failed("device-c", T0);
        assertFalse(attempts.failed("device-c", T0.plus(Duration.ofMinutes(16))).lockedOut(), "failures forgotten after 15 quiet minutes");
        attempts.expire(T0.plus(Duration.ofMinutes(40)));
        assertEquals(0, attempts.size(), "expired keys are dropped");
        assertFalse(attempts.failed(null, T0).lockedOut(), "no address known: nothing to count");
    }
}
