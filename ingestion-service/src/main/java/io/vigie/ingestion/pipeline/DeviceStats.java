package io.vigie.ingestion.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-device message counters of this instance: last {@code seq}, gaps (messages missing between two seq
 * values), last message. A seq lower than or equal to the last is a resend or a device restart, not a gap.
 */
@ApplicationScoped
public class DeviceStats {

    /** What one instance saw of one device. */
    public record Stats(Long lastSeq, long gaps, long messages, Instant lastMessageAt, Instant lastSeenEventAt) {
    }

    private final Map<UUID, Stats> stats = new ConcurrentHashMap<>();
    private final Counter gapCounter;

    public DeviceStats(MeterRegistry metrics) {
        this.gapCounter = metrics.counter("vigie.ingestion.seq.gaps");
    }

    /** Records a message; returns the number of messages missing before it (0 if none). */
    public long message(UUID deviceId, Long seq, Instant at) {
        long[] gap = {0};
        stats.compute(deviceId, (id, s) -> {
            Stats cur = s == null ? new Stats(null, 0, 0, null, null) : s;
            Long last = cur.lastSeq();
            if (seq != null && last != null && seq > last + 1) {
                gap[0] = seq - last - 1;
            }
            Long newest = last;
            if (seq != null && (last == null || seq > last)) {
                newest = seq;
            }
            return new Stats(newest, cur.gaps() + gap[0], cur.messages() + 1, at, cur.lastSeenEventAt());
        });
        if (gap[0] > 0) {
            gapCounter.increment(gap[0]);
        }
        return gap[0];
    }

    /** True (and remembered) when a last-seen event for this device is due, at most once per interval. */
    public boolean seenEventDue(UUID deviceId, Instant now, java.time.Duration interval) {
        boolean[] due = {false};
        stats.compute(deviceId, (id, s) -> {
            Stats cur = s == null ? new Stats(null, 0, 0, null, null) : s;
            if (cur.lastSeenEventAt() == null || !now.isBefore(cur.lastSeenEventAt().plus(interval))) {
                due[0] = true;
                return new Stats(cur.lastSeq(), cur.gaps(), cur.messages(), cur.lastMessageAt(), now);
            }
            return cur;
        });
        return due[0];
    }

    public Optional<Stats> of(UUID deviceId) {
        return Optional.ofNullable(stats.get(deviceId));
    }
}
