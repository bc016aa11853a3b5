package io.vigie.ingestion.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed authentications per key (a device id, or a source address) with exponential backoff: from the
 * {@code threshold}-th failure on, the key is locked for {@code initial}, doubling with each further failure up to
 * {@code max}. Attempts made while locked are not verified, so they neither cost CPU nor extend the lock. A key's
 * failures are forgotten after {@code memory} without any.
 */
final class FailedAttempts {

    /** What a failure did: {@code lockedFor} is zero unless this failure started (or lengthened) a lock. */
    record Failure(int failures, Duration lockedFor) {
        boolean lockedOut() {
            return !lockedFor.isZero();
        }
    }

    private record Entry(int failures, Instant last, Instant lockedUntil) {
    }

    private final int threshold;
    private final Duration initial;
    private final Duration max;
    private final Duration memory;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    FailedAttempts(int threshold, Duration initial, Duration max, Duration memory) {
        this.threshold = Math.max(1, threshold);
        this.initial = initial;
        this.max = max;
        this.memory = memory;
    }

    /** How long {@code key} is still locked at {@code now}; zero when it is not. */
    Duration lockedFor(String key, Instant now) {
        Entry e = key == null ? null : entries.get(key);
        if (e == null || e.lockedUntil() == null || !now.isBefore(e.lockedUntil())) {
            return Duration.ZERO;
        }
        return Duration.between(now, e.lockedUntil());
    }

    Failure failed(String key, Instant now) {
        if (key == null) {
            return new Failure(0, Duration.ZERO);
        }
        Entry e = entries.compute(key, (k, old) -> {
            int failures = old == null || now.isAfter(old.last().plus(memory)) ? 1 : old.failures() + 1;
            Instant until = failures < threshold ? null : now.plus(backoff(failures - threshold));
            return new Entry(failures, now, until);
        });
        return new Failure(e.failures(), e.lockedUntil() == null ? Duration.ZERO : Duration.between(now, e.lockedUntil()));
    }

    void succeeded(String key) {
        if (key != null) {
            entries.remove(key);
        }
    }

    /** Forgets keys without a failure for {@code memory} and no lock running (keeps the map bounded by recent activity). */
    void expire(Instant now) {
        entries.entrySet().removeIf(e -> now.isAfter(e.getValue().last().plus(memory))
                && (e.getValue().lockedUntil() == null || now.isAfter(e.getValue().lockedUntil())));
    }

    int size() {
        return entries.size();
    }

    private Duration backoff(int doublings) {
        Duration d = initial;
        for (int i = 0; i < doublings && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
