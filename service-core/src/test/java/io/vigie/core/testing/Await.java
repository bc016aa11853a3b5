package io.vigie.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polls a condition with a deadline (never a fixed sleep): what tests use to wait for asynchronous effects. */
public final class Await {

    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private Await() {
    }

    /** Polls {@code condition} every 50 ms until it holds; fails the test with {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    /**
     * Waits a fixed time: only for what a test drives on a clock (an outage that lasts 30 s, a gap between faults),
     * never to wait for a message (poll with {@link #until}).
     */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
