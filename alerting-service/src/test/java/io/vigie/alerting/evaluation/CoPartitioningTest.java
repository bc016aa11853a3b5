package io.vigie.alerting.evaluation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.core.messaging.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The start-up check that the evaluator's inputs are co-partitioned, against the real broker. */
class CoPartitioningTest {

    static final KafkaSettings KAFKA = new KafkaSettings(Map.of("bootstrap.servers", System.getProperty("kafka.bootstrap.servers", "127.0.0.1:9092")));

    @Test
    void shouldRefuseToStartOnInputTopicsWhosePartitionCountsDiffer() throws Exception {
        String run = "test.copartition-" + UUID.randomUUID() + ".";
        List<String> same = List.of(run + "a", run + "b");
        String odd = run + "c";
        try (Admin admin = Admin.create(KAFKA.base())) {
            admin.createTopics(List.of(new NewTopic(same.get(0), 3, (short) 1), new NewTopic(same.get(1), 3, (short) 1), new NewTopic(odd, 2, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            try {
                assertDoesNotThrow(() -> CoPartitioning.check(KAFKA, same, Duration.ofSeconds(30)));
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> CoPartitioning.check(KAFKA, List.of(same.get(0), same.get(1), odd), Duration.ofSeconds(30)));
                assertTrue(refused.getMessage().contains("not co-partitioned") && refused.getMessage().contains(odd + "=2"), refused.getMessage());
            } finally {
                admin.deleteTopics(List.of(same.get(0), same.get(1), odd)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
