package io.vigie.alerting.evaluation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The evaluator's health: ready only while Kafka Streams is RUNNING and restores no state (an instance rebuilding its
 * patients' state from the changelogs does not judge yet); not live only when its threads died (ERROR), which a restart
 * does mend. Restores are timed ({@code vigie_alerting_state_restore_seconds}) and logged.
 */
@ApplicationScoped
public class EvaluatorHealth implements StateRestoreListener {

    private final Instance<KafkaStreams> streams;
    private final Map<TopicPartition, Long> restoring = new ConcurrentHashMap<>();
    private final AtomicLong restored = new AtomicLong();
    private final Timer restores;

    public EvaluatorHealth(Instance<KafkaStreams> streams, MeterRegistry metrics) {
        this.streams = streams;
        this.restores = Timer.builder("vigie.alerting.state.restore").description("Time to restore one state store partition from its changelog")
                .register(metrics);
    }

    private volatile boolean running;

    KafkaStreams.State state() {
        KafkaStreams s = streams.isResolvable() ? streams.get() : null;
        KafkaStreams.State state = s == null ? null : s.state();
        if (state == KafkaStreams.State.RUNNING) {
            running = true;
        }
        return state;
    }

    /** Whether the evaluator has been RUNNING once (a later rebalance does not make it unready). */
    boolean wasRunning() {
        return running;
    }

    int restoring() {
        return restoring.size();
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
        restoring.put(partition, System.nanoTime());
        Log.infof("evaluator: restoring %s (%d records)", partition, end - start);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long numRestored) {
        restored.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Long since = restoring.remove(partition);
        if (since != null) {
            Duration took = Duration.ofNanos(System.nanoTime() - since);
            restores.record(took);
            Log.infof("evaluator: restored %s, %d records in %d ms", partition, totalRestored, took.toMillis());
        }
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition); // the task moved to another instance mid-restore: this one no longer waits for it
        Log.infof("evaluator: restore of %s suspended after %d records (task moved)", partition, totalRestored);
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final EvaluatorHealth health;

        public Ready(EvaluatorHealth health) {
            this.health = health;
        }

        @Override
        public HealthCheckResponse call() {
            KafkaStreams.State s = health.state();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("Alert evaluator (Kafka Streams)").withData("state", String.valueOf(s))
                    .withData("restoring partitions", health.restoring());
            // a rebalance among running instances keeps them ready (all of them leaving the Service at once would cut the API),
            // only a restore of state or a start that never got running makes an instance unready
            boolean judging = s == KafkaStreams.State.RUNNING || (s == KafkaStreams.State.REBALANCING && health.wasRunning());
            return b.status(judging && health.restoring() == 0).build();
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        private final EvaluatorHealth health;

        public Live(EvaluatorHealth health) {
            this.health = health;
        }

        @Override
        public HealthCheckResponse call() {
            KafkaStreams.State s = health.state();
            return HealthCheckResponse.named("Alert evaluator threads").withData("state", String.valueOf(s))
                    .status(s != KafkaStreams.State.ERROR && s != KafkaStreams.State.PENDING_ERROR).build();
        }
    }
}
