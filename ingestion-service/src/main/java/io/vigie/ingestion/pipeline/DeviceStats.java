package io.vigie.ingestion.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-device counters of this instance: last {@code seq}, gaps (messages missing between two seq values), last
 * message, the device clock's skew, and rejected readings per reason with the last ones. A seq lower than or equal to
 * the last is a resend or a device restart, not a gap. It also tells when a device has had every reading rejected
 * for a while (its patient is then not monitored although the device is talking).
 */
@ApplicationScoped
public class DeviceStats {

    /** The last rejections kept per device. */
    static final int LAST_REJECTIONS = 10;

    /** One rejected reading (or message): when, why, and the device's own id for it (null for a whole message). */
    public record Rejection(Instant at, String reason, String deviceReadingId) {
    }

    /**
     * What one instance saw of one device. {@code clockSkew}: how far ahead of ours the device's clock was the last
     * time it was beyond the tolerance ({@code clockSkewedReadings} counts them); {@code rejectingSince}: first
     * rejection since the last accepted reading.
     */
    public record Stats(Long lastSeq, long gaps, long messages, Instant lastMessageAt, Duration clockSkew, Instant clockSkewAt,
            long clockSkewedReadings, Map<String, Long> rejectedByReason, List<Rejection> lastRejections, Instant rejectingSince) {

        static final Stats NONE = new Stats(null, 0, 0, null, null, null, 0, Map.of(), List.of(), null);
    }

    /** Mutable per-device state, guarded by its own monitor. */
    private static final class Device {
        Long lastSeq;
        long gaps;
        long messages;
        Instant lastMessageAt;
        Instant lastSeenEventAt;
        Duration clockSkew;
        Instant clockSkewAt;
        long clockSkewed;
        final Map<String, Long> rejected = new TreeMap<>();
        final ArrayDeque<Rejection> lastRejections = new ArrayDeque<>();
        Instant rejectingSince;
        boolean dataRejectedRaised;

        synchronized Stats snapshot() {
            return new Stats(lastSeq, gaps, messages, lastMessageAt, clockSkew, clockSkewAt, clockSkewed, Map.copyOf(rejected),
                    List.copyOf(lastRejections), rejectingSince);
        }
    }

    private final Map<UUID, Device> devices = new ConcurrentHashMap<>();
    private final Counter gapCounter;

    public DeviceStats(MeterRegistry metrics) {
        this.gapCounter = metrics.counter("vigie.ingestion.seq.gaps");
    }

    private Device device(UUID deviceId) {
        return devices.computeIfAbsent(deviceId, id -> new Device());
    }

    /** Records a message; returns the number of messages missing before it (0 if none). */
    public long message(UUID deviceId, Long seq, Instant at) {
        Device d = device(deviceId);
        long gap = 0;
        synchronized (d) {
            if (seq != null && d.lastSeq != null && seq > d.lastSeq + 1) {
                gap = seq - d.lastSeq - 1;
            }
            if (seq != null && (d.lastSeq == null || seq > d.lastSeq)) {
                d.lastSeq = seq;
            }
            d.gaps += gap;
            d.messages++;
            d.lastMessageAt = at;
        }
        if (gap > 0) {
            gapCounter.increment(gap);
        }
        return gap;
    }

    /** A reading or event stamped {@code ahead} in the future, beyond the tolerance (its time was clamped). */
    public void clockSkew(UUID deviceId, Duration ahead, Instant at) {
        Device d = device(deviceId);
        synchronized (d) {
            d.clockSkew = ahead;
            d.clockSkewAt = at;
            d.clockSkewed++;
        }
    }

    public void accepted(UUID deviceId) {
        Device d = device(deviceId);
        synchronized (d) {
            d.rejectingSince = null;
            d.dataRejectedRaised = false;
        }
    }

    /** A rejected reading (or a message of readings refused as a whole): counted, and it starts or extends a streak. */
    public void rejectedReading(UUID deviceId, String reason, String deviceReadingId, Instant at) {
        rejected(deviceId, reason, deviceReadingId, at, true);
    }

    /** A rejected device event: counted, but it says nothing of whether the device's readings are judged. */
    public void rejectedEvent(UUID deviceId, String reason, String deviceEventId, Instant at) {
        rejected(deviceId, reason, deviceEventId, at, false);
    }

    private void rejected(UUID deviceId, String reason, String id, Instant at, boolean reading) {
        Device d = device(deviceId);
        synchronized (d) {
            d.rejected.merge(reason, 1L, Long::sum);
            d.lastRejections.addLast(new Rejection(at, reason, id));
            while (d.lastRejections.size() > LAST_REJECTIONS) {
                d.lastRejections.removeFirst();
            }
            if (reading && d.rejectingSince == null) {
                d.rejectingSince = at;
            }
        }
    }

    /**
     * The start of the device's current all-rejected streak when it has lasted {@code after} and was not reported yet;
     * empty otherwise. Reported means {@link #dataRejectedRaised} was called (after Kafka acknowledged the event).
     */
    public Optional<Instant> dataRejectedDue(UUID deviceId, Instant now, Duration after) {
        Device d = device(deviceId);
        synchronized (d) {
            if (d.rejectingSince == null || d.dataRejectedRaised || now.isBefore(d.rejectingSince.plus(after))) {
                return Optional.empty();
            }
            return Optional.of(d.rejectingSince);
        }
    }

    /** The data-rejected event of the streak that started at {@code since} is in Kafka: not raised again for that streak. */
    public void dataRejectedRaised(UUID deviceId, Instant since) {
        Device d = device(deviceId);
        synchronized (d) {
            if (since.equals(d.rejectingSince)) {
                d.dataRejectedRaised = true;
            }
        }
    }

    /** True (and remembered) when a last-seen event for this device is due, at most once per interval. */
    public boolean seenEventDue(UUID deviceId, Instant now, Duration interval) {
        Device d = device(deviceId);
        synchronized (d) {
            if (d.lastSeenEventAt == null || !now.isBefore(d.lastSeenEventAt.plus(interval))) {
                d.lastSeenEventAt = now;
                return true;
            }
            return false;
        }
    }

    public Optional<Stats> of(UUID deviceId) {
        Device d = devices.get(deviceId);
        return d == null ? Optional.empty() : Optional.of(d.snapshot());
    }

    public Stats orNone(UUID deviceId) {
        return of(deviceId).orElse(Stats.NONE);
    }
}
