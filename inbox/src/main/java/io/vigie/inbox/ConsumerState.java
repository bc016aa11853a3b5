package io.vigie.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What one consumer is doing, for readiness, metrics and the DLQ admin view. Ids and labels only. */
public final class ConsumerState {

    /** A retry episode of one record: since when, why (bounded label), how many attempts, which record. */
    public record Retrying(Instant since, String cause, long attempts, String record, String failure) {
    }

    private final String name;
    private final String topic;
    private final String group;
    /** Per partition (each retries one record at a time). */
    private final java.util.Map<Integer, Retrying> retrying = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String loopFailure;
    private volatile Instant loopFailingSince;
    private volatile boolean started;
    private volatile boolean running;
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    ConsumerState(String name, String topic, String group) {
        this.name = name;
        this.topic = topic;
        this.group = group;
    }

    public String name() {
        return name;
    }

    public String topic() {
        return topic;
    }

    public String group() {
        return group;
    }

    public boolean running() {
        return running;
    }

    /** Its poll loop was started (consumers may be turned off, or limited to some, by configuration). */
    public boolean started() {
        return started;
    }

    /** The oldest retry episode under way, or null. */
    public Retrying retrying() {
        return retrying.values().stream().min(java.util.Comparator.comparing(Retrying::since)).orElse(null);
    }

    /** Why the poll loop itself failed last (Kafka unreachable, refused credentials), or null. */
    public String loopFailure() {
        return loopFailure;
    }

    /** Seconds the poll loop has been failing, 0 when it works. */
    public double loopFailingSeconds() {
        Instant since = loopFailingSince;
        return since == null ? 0 : Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    public long processed() {
        return processed.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Seconds the current retry episode has lasted, 0 when none. */
    public double stuckSeconds() {
        Retrying r = retrying();
        return r == null ? 0 : Duration.between(r.since(), Instant.now()).toMillis() / 1000.0;
    }

    void running(boolean value) {
        running = value;
    }

    void markStarted() {
        started = true;
    }

    void failing(int partition, String record, String cause, String failure) {
        retrying.compute(partition, (p, r) -> r != null && r.record().equals(record)
                ? new Retrying(r.since(), cause, r.attempts() + 1, record, failure)
                : new Retrying(Instant.now(), cause, 1, record, failure));
    }

    void recovered(int partition) {
        retrying.remove(partition);
    }

    void forget(int partition) {
        retrying.remove(partition);
    }

    void loopFailure(String failure) {
        if (failure == null) {
            loopFailingSince = null;
        } else if (loopFailure == null) {
            loopFailingSince = Instant.now();
        }
        loopFailure = failure;
    }

    void processed(long n) {
        processed.addAndGet(n);
    }

    void duplicates(long n) {
        duplicates.addAndGet(n);
    }

    void countDeadLetter() {
        deadLettered.incrementAndGet();
    }
}
