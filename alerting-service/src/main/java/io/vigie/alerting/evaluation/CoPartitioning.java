package io.vigie.alerting.evaluation;

import io.quarkus.logging.Log;
import io.vigie.core.messaging.KafkaSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The evaluator's inputs must be co-partitioned: a patient's readings, device events, care plan, erasure and commands
 * must reach the same task, the single writer of their state. Kafka Streams does not check this for one source over
 * several topics, so the service does at start and refuses to run on topics whose partition counts differ (a patient
 * would be judged without their plan, or by two writers).
 */
final class CoPartitioning {

    private CoPartitioning() {
    }

    /** Checks the topics' partition counts, waiting up to {@code wait} for Kafka and the topics to be there. */
    static void check(KafkaSettings kafka, List<String> topics, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        try (Admin admin = Admin.create(kafka.with(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "alerting-evaluator-partitions",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)))) {
            while (true) {
                try {
                    Map<String, TopicDescription> found = admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS);
                    Map<String, Integer> counts = new TreeMap<>();
                    found.forEach((name, d) -> counts.put(name, d.partitions().size()));
                    if (counts.values().stream().distinct().count() > 1) {
                        throw new IllegalStateException("the evaluator's input topics are not co-partitioned " + counts
                                + ": give them the same number of partitions (./platform infra up does; on Kubernetes, the KafkaTopic resources of k8s/infra/kafka)");
                    }
                    Log.infof("evaluator: inputs co-partitioned, %d partitions each", counts.values().iterator().next());
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("could not check the evaluator's input topics " + topics + " within " + wait.toSeconds()
                                + " s (is Kafka reachable, do the topics exist?): " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
                    }
                    Log.warnf("evaluator: input topics not described yet, retrying: %s", (e.getCause() == null ? e : e.getCause()).getMessage());
                    sleep();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
