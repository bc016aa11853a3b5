package io.vigie.alerting.notify;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * This instance's live feeds (each reads from "now", in a group of its own): alert changes for SSE clients, command
 * outcomes for the API. Until their partitions are assigned an SSE client would miss changes and a command its answer,
 * so the instance is not ready.
 */
public final class LiveFeeds {

    private LiveFeeds() {
    }

    /** Knows when a live feed's consumer has its partitions, and resolves "latest" at once. */
    public abstract static class Assignment implements KafkaConsumerRebalanceListener {
        private final AtomicBoolean assigned = new AtomicBoolean();

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                partitions.forEach(consumer::position); // every partition's "latest" fixed now: what is produced from here on is seen
                assigned.set(true);
            }
        }

        public boolean assigned() {
            return assigned.get();
        }
    }

    @ApplicationScoped
    @Identifier("alert-fanout-rebalance")
    public static class Alerts extends Assignment {
    }

    @ApplicationScoped
    @Identifier("command-outcomes-rebalance")
    public static class Outcomes extends Assignment {
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final Alerts alerts;
        private final Outcomes outcomes;

        public Ready(@Identifier("alert-fanout-rebalance") Alerts alerts, @Identifier("command-outcomes-rebalance") Outcomes outcomes) {
            this.alerts = alerts;
            this.outcomes = outcomes;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("live feeds").status(alerts.assigned() && outcomes.assigned())
                    .withData("alert stream", alerts.assigned() ? "assigned" : "waiting for the Kafka group assignment")
                    .withData("command outcomes", outcomes.assigned() ? "assigned" : "waiting for the Kafka group assignment").build();
        }
    }
}
