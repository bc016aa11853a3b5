package io.vigie.ingestion.store;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigie.core.messaging.EventReader;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.events.Topics;
import io.vigie.events.patient.ErasureCompletedV1;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.ingestion.directory.PatientDirectory;
import io.vigie.ingestion.messaging.KafkaPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * GDPR erasure of a patient's telemetry: readings and quarantined readings are deleted, the patient forgotten by
 * the directory, and the deletion confirmed on {@code platform.erasure.completed.v1}; the offset is committed
 * after the confirmation is acknowledged. Retried while MongoDB or Kafka is unavailable; idempotent.
 */
@ApplicationScoped
public class ErasureConsumer {

    private final ReadingStore store;
    private final PatientDirectory patients;
    private final KafkaPublisher publisher;
    private final EventReader reader;
    private final String source;

    public ErasureConsumer(ReadingStore store, PatientDirectory patients, KafkaPublisher publisher, EventReader reader,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.store = store;
        this.patients = patients;
        this.publisher = publisher;
        this.reader = reader;
        this.source = source;
    }

    @Incoming("patient-erased")
    public Uni<Void> erase(String payload) {
        PatientErasedV1 e = reader.read(payload, PatientErasedV1.class);
        return store.erasePatient(e.patientId())
                .invoke(n -> patients.forget(e.patientId()))
                .invoke(n -> Log.infof("erased patient %s: %d readings", e.patientId(), n))
                .chain(n -> publisher.publish(List.of(new KafkaPublisher.Out(Topics.ERASURE_COMPLETED, e.patientId().toString(),
                        new ErasureCompletedV1(UUID.randomUUID(), ErasureCompletedV1.TYPE, ErasureCompletedV1.VERSION, Instant.now(), source,
                                e.tenantId(), e.patientId(), source, Map.of("readings", n))))))
                .onFailure().invoke(f -> Log.warnf("erasure of patient %s not done yet, retrying: %s", e.patientId(), ProblemMappers.describe(f)))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely();
    }
}
