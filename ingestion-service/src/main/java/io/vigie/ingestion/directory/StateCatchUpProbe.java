package io.vigie.ingestion.directory;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.vigie.core.messaging.KafkaSettings;
import io.vigie.core.messaging.TopicNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes the end offsets of the state topics once at startup (retrying while Kafka is unreachable), so the views
 * know when they have caught up ({@link StateViewsReadiness} reports it). Its admin client takes the service's
 * whole Kafka configuration (security protocol, SASL, TLS).
 */
@ApplicationScoped
public class StateCatchUpProbe {

    private final List<CatchUp> views;
    private final DeviceDirectory devices;
    private final KafkaSettings kafka;
    private final TopicNames topics;

    public StateCatchUpProbe(DeviceDirectory devices, PatientDirectory patients, KafkaSettings kafka, TopicNames topics) {
        this.devices = devices;
        this.views = List.of(devices.catchUp(), patients.assignmentsCatchUp(), patients.consentCatchUp());
        this.kafka = kafka;
        this.topics = topics;
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "state-end-offsets")
    void fetchEndOffsets() {
        List<CatchUp> pending = views.stream().filter(v -> v.lag() < 0).toList();
        if (pending.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(adminSettings())) {
            for (CatchUp view : pending) {
                String topic = topics.of(view.topic());
                var description = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
                Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                        .collect(Collectors.toMap(i -> new TopicPartition(topic, i.partition()), i -> OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
                view.endOffsetsAtStart(ends.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset())));
            }
        } catch (Exception e) {
            Log.warnf("state topics: end offsets not available yet (%s), retrying", e.getClass().getSimpleName());
        }
    }

    /** The admin client's settings: the service's whole Kafka configuration, then this client's id and timeouts. */
    public Map<String, Object> adminSettings() {
        return kafka.with(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "ingestion-state-end-offsets",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000));
    }

    public boolean devicesReady() {
        return devices.catchUp().caughtUp();
    }

    public List<CatchUp> views() {
        return views;
    }

    public int devices() {
        return devices.size();
    }
}
