package io.vigie.alerting.notify;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows when this instance's live fan-out consumer has its partitions (it reads from "now", in a group of its own):
 * until then an SSE client would miss changes, so the instance is not ready ({@link AlertStreamReadiness}).
 */
@ApplicationScoped
@Identifier("alert-fanout-rebalance")
public class AlertStreamAssignment implements KafkaConsumerRebalanceListener {

    private final AtomicBoolean assigned = new AtomicBoolean();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            consumer.position(partitions.iterator().next()); // resolve "latest" now: what is produced from here on is streamed
            assigned.set(true);
        }
    }

    public boolean assigned() {
        return assigned.get();
    }
}
