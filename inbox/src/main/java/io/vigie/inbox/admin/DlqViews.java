package io.vigie.inbox.admin;

import java.time.Instant;
import java.util.List;

/** What the DLQ admin API answers: ids, reasons and times, never a record's content. */
public final class DlqViews {

    private DlqViews() {
    }

    /** A dead letter: where it sits in the DLQ, where it came from, why, and whether it was replayed. */
    public record DeadLetter(int partition, long offset, String consumer, String originalTopic, Integer originalPartition, Long originalOffset,
            String key, String eventId, String kind, String reason, String exception, Instant failedAt, Instant deadLetteredAt, Replay replayed) {
    }

    public record Replay(Instant at, String by) {
    }

    /** A DLQ topic as this service's consumers use it: dead letters of its consumers only. */
    public record Topic(String topic, String originalTopic, long count, long pending, List<DeadLetter> records) {
    }

    /** One consumer: what it is doing now. */
    public record Consumer(String name, String topic, String group, boolean running, String state, double stuckSeconds, String cause,
            String record, long processed, long duplicates, long deadLettered) {
    }

    public record Overview(String service, List<Consumer> consumers, List<Topic> topics) {
    }

    /**
     * Which dead letters to put back on their topic: {@code offsets} as {@code partition:offset}, or the dead
     * letters written between {@code from} and {@code to}; {@code force} replays again ones already replayed.
     */
    public record ReplayRequest(List<String> offsets, Instant from, Instant to, Boolean force) {
    }

    public record Skipped(int partition, long offset, String why) {
    }

    public record ReplayResult(String topic, List<DeadLetter> replayed, List<Skipped> skipped) {
    }
}
