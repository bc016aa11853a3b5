package io.vigie.ingestion.directory;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes the end offsets of the state topics once at startup (retrying while Kafka is unreachable), so the views
 * know when they have caught up ({@link StateViewsReadiness} reports it).
 */
@ApplicationScoped
public class StateCatchUpProbe {

    private final List<CatchUp> views;
    private final DeviceDirectory devices;
    private final String bootstrap;

    public StateCatchUpProbe(DeviceDirectory devices, PatientDirectory patients,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.devices = devices;
        this.views = List.of(devices.catchUp(), patients.assignmentsCatchUp(), patients.consentCatchUp());
        this.bootstrap = bootstrap;
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "state-end-offsets")
    void fetchEndOffsets() {
        List<CatchUp> pending = views.stream().filter(v -> v.lag() < 0).toList();
        if (pending.isEmpty()) {
            return;
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(p)) {
            for (CatchUp view : pending) {
                var description = admin.describeTopics(List.of(view.topic())).allTopicNames().get(5, TimeUnit.SECONDS).get(view.topic());
                Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                        .collect(Collectors.toMap(i -> new TopicPartition(view.topic(), i.partition()), i -> OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
                view.endOffsetsAtStart(ends.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset())));
            }
        } catch (Exception e) {
            Log.warnf("state topics: end offsets not available yet (%s), retrying", e.getClass().getSimpleName());
        }
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
