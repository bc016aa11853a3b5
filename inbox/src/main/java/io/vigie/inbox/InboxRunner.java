package io.vigie.inbox;

import io.quarkus.logging.Log;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.events.VigieEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The poll loop of one consumer, on a thread of its own. While a poll's records are being processed, every assigned
 * partition is paused and the loop keeps polling (nothing is fetched, the group membership is kept however long a
 * retry lasts); when the work is done its offsets are committed and the partitions resumed. Offsets are only ever
 * committed for records whose work completed.
 */
final class InboxRunner<E extends VigieEvent> implements Runnable {

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Pipeline<E> pipeline;
    private final ConsumerState state;
    private final Duration revokeWait;
    private volatile boolean running = true;
    private CompletableFuture<Void> inFlight;
    private Map<TopicPartition, Long> progress;
    /** First offset of each partition in the work in flight, to read again what it did not finish. */
    private Map<TopicPartition, Long> firsts;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    InboxRunner(Consumer<String, byte[]> consumer, String topic, Pipeline<E> pipeline, ConsumerState state, Duration revokeWait) {
        this.consumer = consumer;
        this.topic = topic;
        this.pipeline = pipeline;
        this.state = state;
        this.revokeWait = revokeWait;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            state.running(true);
            long failures = 0;
            while (running) {
                try {
                    step();
                    if (failures > 0) {
                        failures = 0;
                        state.loopFailure(null);
                    }
                } catch (WakeupException e) {
                    // stop() woke the poll up
                } catch (RuntimeException e) { // Kafka refusing the consumer (authorization, unknown topic): say so and retry
                    failures++;
                    state.loopFailure(e.getClass().getName());
                    if (failures == 1 || failures % 30 == 0) {
                        Log.warnf("inbox %s: poll loop failed (%d times in a row), retrying: %s", state.name(), failures, ProblemMappers.describe(e));
                    }
                    sleep(Math.min(30_000, 200L * failures));
                }
            }
            finishOnStop();
        } finally {
            state.running(false);
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                Log.debugf("inbox %s: close: %s", state.name(), e.getClass().getName());
            }
            stopped.complete(null);
        }
    }

    private void step() {
        if (inFlight == null) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
            if (!records.isEmpty()) {
                consumer.pause(consumer.assignment());
                progress = new ConcurrentHashMap<>();
                firsts = new HashMap<>();
                for (TopicPartition tp : records.partitions()) {
                    firsts.put(tp, records.records(tp).get(0).offset());
                }
                inFlight = pipeline.process(records, progress).subscribeAsCompletionStage();
            }
            return;
        }
        consumer.pause(consumer.assignment()); // partitions assigned by a rebalance meanwhile wait too
        ConsumerRecords<String, byte[]> unexpected = consumer.poll(Duration.ofMillis(50));
        if (!unexpected.isEmpty()) { // fetched before the pause took effect: read them again later
            for (TopicPartition tp : unexpected.partitions()) {
                consumer.seek(tp, unexpected.records(tp).get(0).offset());
            }
        }
        if (inFlight.isDone()) {
            commitProgress();
            consumer.resume(consumer.paused());
        }
    }

    /** Commits what the work in flight completed, for the partitions still ours, and rewinds to what it did not. */
    private void commitProgress() {
        boolean ended = inFlight.isCompletedExceptionally();
        if (ended && running) {
            Log.warnf("inbox %s: a poll's work ended early; its unfinished records are read again", state.name());
        }
        Set<TopicPartition> mine = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((tp, next) -> {
            if (mine.contains(tp)) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        });
        if (ended) {
            firsts.forEach((tp, first) -> {
                if (mine.contains(tp)) {
                    consumer.seek(tp, progress.getOrDefault(tp, first));
                }
            });
        }
        inFlight = null;
        progress = null;
        firsts = null;
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(30));
            } catch (RuntimeException e) { // the work is done and recorded; a redelivery is recognized by the ledger
                Log.warnf("inbox %s: offsets not committed (%s): the records will be redelivered and skipped", state.name(), e.getClass().getName());
            }
        }
    }

    private void finishOnStop() {
        if (inFlight == null) {
            return;
        }
        pipeline.stop();
        try {
            inFlight.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // stopped mid-retry: what completed is committed below, the rest is read again by the next owner
        }
        commitProgress();
    }

    void stop() {
        running = false;
        pipeline.stop();
        consumer.wakeup();
    }

    CompletableFuture<Void> stopped() {
        return stopped;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (inFlight == null) {
                return;
            }
            try { // give the work a moment to finish, so its offsets are committed by the owner that did it
                inFlight.get(revokeWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // still retrying: the next owner reprocesses those records, the ledger recognizes what this one finished
            }
            if (inFlight.isDone()) {
                commitProgress();
            }
            partitions.forEach(tp -> state.forget(tp.partition()));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (inFlight != null) {
                consumer.pause(partitions);
            }
        }
    }
}
