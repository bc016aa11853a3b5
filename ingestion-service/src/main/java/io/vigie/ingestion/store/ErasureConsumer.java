package io.vigie.ingestion.store;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigie.events.Topics;
import io.vigie.events.patient.ErasureCompletedV1;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.inbox.InboxHandler;
import io.vigie.ingestion.directory.PatientDirectory;
import io.vigie.ingestion.messaging.KafkaPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * GDPR erasure of a patient's telemetry: readings and quarantined readings are deleted, the patient forgotten by
 * the directory, and the deletion confirmed on {@code platform.erasure.completed.v1}; the offset is committed
 * after the confirmation is acknowledged. Through the inbox: retried without end while MongoDB or Kafka is
 * unavailable (the service then reports itself not ready, never not live). Idempotent: a second erasure deletes
 * nothing and confirms again, which patient-service ignores.
 */
@ApplicationScoped
public class ErasureConsumer implements InboxHandler<PatientErasedV1> {

    private final ReadingStore store;
    private final PatientDirectory patients;
    private final KafkaPublisher publisher;
    private final String source;

    public ErasureConsumer(ReadingStore store, PatientDirectory patients, KafkaPublisher publisher,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.store = store;
        this.patients = patients;
        this.publisher = publisher;
        this.source = source;
    }

    @Override
    public InboxConsumer<PatientErasedV1> consumer() {
        return InboxConsumer.of("ingestion-erasure", Topics.PATIENT_ERASED, PatientErasedV1.class, "ingestion-erasure").idempotentHandler();
    }

    @Override
    public Uni<Void> handle(PatientErasedV1 e, InboxContext ctx) {
        return store.erasePatient(e.patientId())
                .invoke(n -> patients.forget(e.patientId()))
                .invoke(n -> Log.infof("erased patient %s: %d readings", e.patientId(), n))
                .chain(n -> publisher.publish(List.of(new KafkaPublisher.Out(Topics.ERASURE_COMPLETED, e.patientId().toString(),
                        new ErasureCompletedV1(UUID.randomUUID(), ErasureCompletedV1.TYPE, ErasureCompletedV1.VERSION, Instant.now(), source,
                                e.tenantId(), e.patientId(), source, Map.of("readings", n))))));
    }
}
