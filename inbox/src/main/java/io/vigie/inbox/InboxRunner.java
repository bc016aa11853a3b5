package io.vigie.inbox;

import io.quarkus.logging.Log;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.events.VigieEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The poll loop of one consumer, on a thread of its own. The records of a partition are handed to the pipeline as one
 * piece of work (a "flight"; for a batch handler, the records of a poll together), and that partition is paused until
 * the work is done; the loop keeps polling, so the group membership holds however long a retry lasts and the other
 * partitions go on. When a flight ends its offsets are committed (only for records whose work completed) and its
 * partitions resumed; what it did not finish is read again.
 */
final class InboxRunner<E extends VigieEvent> implements Runnable {

    /** Work in flight on some partitions: where each began, how far it got, and whether to give up (revoke, stop). */
    private static final class Flight {
        final Map<TopicPartition, Long> firsts = new HashMap<>();
        final Map<TopicPartition, Long> progress = new ConcurrentHashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> done;
    }

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Pipeline<E> pipeline;
    private final ConsumerState state;
    private final Duration revokeWait;
    private final boolean batch;
    private final Map<TopicPartition, Flight> flights = new HashMap<>();
    private volatile boolean running = true;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    InboxRunner(Consumer<String, byte[]> consumer, String topic, Pipeline<E> pipeline, ConsumerState state, Duration revokeWait, boolean batch) {
        this.consumer = consumer;
        this.topic = topic;
        this.pipeline = pipeline;
        this.state = state;
        this.revokeWait = revokeWait;
        this.batch = batch;
    }

    @Override
    public void run() {
        state.running(true);
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
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
        } catch (Throwable t) {
            state.loopFailure("died: " + t.getClass().getName());
            Log.errorf("inbox %s: the poll loop died: %s", state.name(), ProblemMappers.describe(t));
            throw t;
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
        ConsumerRecords<String, byte[]> records = consumer.poll(flights.isEmpty() ? Duration.ofMillis(500) : Duration.ofMillis(50));
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> fresh = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(tp);
            if (flights.containsKey(tp)) { // fetched before its pause took effect: read again once its flight is over
                consumer.seek(tp, list.get(0).offset());
            } else {
                fresh.put(tp, list);
            }
        }
        if (!fresh.isEmpty()) {
            consumer.pause(fresh.keySet());
            if (batch) {
                start(fresh);
            } else {
                fresh.forEach((tp, list) -> start(Map.of(tp, list)));
            }
        }
        finishDone();
    }

    private void start(Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> work) {
        Flight f = new Flight();
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        work.forEach((tp, list) -> {
            f.firsts.put(tp, list.get(0).offset());
            all.addAll(list);
            flights.put(tp, f);
        });
        try {
            f.done = pipeline.process(all, f.progress, f.stop::get).subscribeAsCompletionStage();
        } catch (RuntimeException e) { // a bug before any work began: nothing done, read again later
            f.done = CompletableFuture.failedFuture(e);
        }
    }

    /** Commits and resumes the partitions whose flight has ended; rewinds what a flight did not finish. */
    private void finishDone() {
        Set<Flight> ended = new HashSet<>();
        flights.values().forEach(f -> {
            if (f.done.isDone()) {
                ended.add(f);
            }
        });
        ended.forEach(this::finish);
    }

    private void finish(Flight f) {
        Set<TopicPartition> mine = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<TopicPartition> resume = new ArrayList<>();
        boolean failed = f.done.isCompletedExceptionally();
        f.firsts.forEach((tp, first) -> {
            flights.remove(tp);
            if (!mine.contains(tp)) {
                return;
            }
            Long next = f.progress.get(tp);
            if (next != null) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
            if (failed) {
                consumer.seek(tp, next != null ? next : first); // what the flight did not finish is read again
            }
            resume.add(tp);
        });
        if (failed && running && !f.stop.get()) {
            Log.warnf("inbox %s: work on %s ended early (%s); its unfinished records are read again", state.name(), f.firsts.keySet(),
                    f.done.handle((x, e) -> e == null ? "-" : e.getClass().getSimpleName()).getNow("-"));
            sleep(100); // not a hot loop if it keeps ending early
        }
        commit(offsets);
        consumer.resume(resume);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(30));
                return;
            } catch (WakeupException e) {
                // a stop() raced the commit: commit once more
            } catch (RuntimeException e) { // the work is done and recorded; a redelivery is recognized by the ledger
                Log.warnf("inbox %s: offsets not committed (%s): the records will be redelivered and skipped", state.name(), e.getClass().getName());
                return;
            }
        }
    }

    private void finishOnStop() {
        Set<Flight> all = new HashSet<>(flights.values());
        all.forEach(f -> f.stop.set(true));
        for (Flight f : all) {
            try {
                f.done.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // stopped mid-retry: what completed is committed below, the rest is read again by the next owner
            }
        }
        all.forEach(this::finish);
    }

    void stop() {
        running = false;
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
            Set<Flight> affected = new HashSet<>();
            partitions.forEach(tp -> {
                Flight f = flights.get(tp);
                if (f != null) {
                    affected.add(f);
                }
                state.forget(tp.partition());
            });
            affected.forEach(f -> f.stop.set(true)); // the next owner takes those records over; the ledger recognizes what we finish
            for (Flight f : affected) {
                try { // give the work a moment to finish, so its offsets are committed by the owner that did it
                    f.done.get(revokeWait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    // still at it: the new owner reprocesses those records
                }
            }
            affected.forEach(f -> {
                if (f.done.isDone()) {
                    finish(f);
                } else {
                    f.firsts.keySet().forEach(flights::remove); // abandoned: never committed by us
                }
            });
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // new partitions start unpaused; a partition that came back while an abandoned flight runs starts afresh
        }
    }
}
