package io.vigie.alerting.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigie.alerting.gdpr.PatientErasure;
import io.vigie.alerting.service.AlertEngine;
import io.vigie.alerting.service.CarePlans;
import io.vigie.core.messaging.EventReader;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.outbox.OutboxPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Readings, device events and care plans, keyed by patientId on co-partitioned topics: an instance evaluates only
 * the patients of its partitions. Each message is handled in one transaction; the offset is committed after it.
 * A concurrent update (optimistic lock) is retried; an unreadable record goes to the DLQ.
 */
@ApplicationScoped
public class AlertingConsumers {

    private final AlertEngine engine;
    private final CarePlans carePlans;
    private final EventReader reader;
    private final OutboxPublisher outbox;
    private final PatientErasure erasure;

    public AlertingConsumers(AlertEngine engine, CarePlans carePlans, EventReader reader, OutboxPublisher outbox, PatientErasure erasure) {
        this.engine = engine;
        this.carePlans = carePlans;
        this.reader = reader;
        this.outbox = outbox;
        this.erasure = erasure;
    }

    @Incoming("readings")
    public Uni<Void> reading(String payload) {
        ReadingAcceptedV1 r = reader.read(payload, ReadingAcceptedV1.class);
        return transactional(() -> r.patientId() == null ? engine.onReading(r)
                : erasure.isErased(r.patientId()).chain(erased -> erased ? Uni.createFrom().item(false) : engine.onReading(r)));
    }

    @Incoming("device-events")
    public Uni<Void> deviceEvent(String payload) {
        DeviceEventV1 e = reader.read(payload, DeviceEventV1.class);
        return transactional(() -> engine.onDeviceEvent(e));
    }

    @Incoming("care-plans")
    public Uni<Void> carePlan(String payload) {
        if (payload == null) {
            return Uni.createFrom().voidItem(); // tombstone: the patient's data is erased by the erasure flow
        }
        CarePlanV1 plan = reader.read(payload, CarePlanV1.class);
        return Panache.withTransaction(() -> erasure.isErased(plan.patientId())
                .chain(erased -> erased ? Uni.createFrom().voidItem() : carePlans.upsert(plan)))
                .onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(3);
    }

    /** GDPR erasure: the patient's data is deleted and the deletion confirmed (outbox) in one transaction. */
    @Incoming("patient-erased")
    public Uni<Void> patientErased(String payload) {
        PatientErasedV1 e = reader.read(payload, PatientErasedV1.class);
        return Panache.withTransaction(() -> erasure.erase(e)).onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(3)
                .invoke(outbox::nudge);
    }

    private Uni<Void> transactional(java.util.function.Supplier<Uni<Boolean>> work) {
        return Panache.withTransaction(work).onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(3)
                .invoke(changed -> {
                    if (changed) {
                        outbox.nudge(); // the alert change reaches Kafka (SSE, webhooks) without waiting for the next tick
                    }
                }).replaceWithVoid();
    }
}
