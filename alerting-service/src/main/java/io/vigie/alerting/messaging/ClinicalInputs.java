package io.vigie.alerting.messaging;

import io.smallrye.mutiny.Uni;
import io.vigie.alerting.gdpr.PatientErasure;
import io.vigie.alerting.service.AlertEngine;
import io.vigie.alerting.service.CarePlans;
import io.vigie.events.Topics;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.events.reading.DeviceEventV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.inbox.InboxHandler;
import io.vigie.outbox.OutboxPublisher;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What alerting evaluates: readings, device events and care plans, keyed by patientId on co-partitioned topics, and
 * erasures. Each through the inbox (one transaction with the ledger, offsets after it, transient failures retried
 * without end, poison to the DLQ). An alert change reaches Kafka at once: the outbox is nudged after the commit.
 */
public final class ClinicalInputs {

    private ClinicalInputs() {
    }

    static final String GROUP = "alerting-service";

    @ApplicationScoped
    public static class Readings implements InboxHandler<ReadingAcceptedV1> {
        private final AlertEngine engine;
        private final PatientErasure erasure;
        private final OutboxPublisher outbox;

        public Readings(AlertEngine engine, PatientErasure erasure, OutboxPublisher outbox) {
            this.engine = engine;
            this.erasure = erasure;
            this.outbox = outbox;
        }

        @Override
        public InboxConsumer<ReadingAcceptedV1> consumer() {
            return InboxConsumer.of("alerting-readings", Topics.READING_ACCEPTED, ReadingAcceptedV1.class, GROUP);
        }

        @Override
        public Uni<Void> handle(ReadingAcceptedV1 r, InboxContext ctx) {
            Uni<Boolean> evaluated = r.patientId() == null ? engine.onReading(r)
                    : PatientErasure.lock(r.patientId()).chain(() -> erasure.isErased(r.patientId()))
                            .chain(erased -> erased ? Uni.createFrom().item(false) : engine.onReading(r));
            return evaluated.invoke(changed -> nudgeIf(changed, ctx, outbox)).replaceWithVoid();
        }
    }

    @ApplicationScoped
    public static class DeviceEvents implements InboxHandler<DeviceEventV1> {
        private final AlertEngine engine;
        private final OutboxPublisher outbox;

        public DeviceEvents(AlertEngine engine, OutboxPublisher outbox) {
            this.engine = engine;
            this.outbox = outbox;
        }

        @Override
        public InboxConsumer<DeviceEventV1> consumer() {
            return InboxConsumer.of("alerting-device-events", Topics.DEVICE_EVENT, DeviceEventV1.class, GROUP);
        }

        @Override
        public Uni<Void> handle(DeviceEventV1 e, InboxContext ctx) {
            return engine.onDeviceEvent(e).invoke(changed -> nudgeIf(changed, ctx, outbox)).replaceWithVoid();
        }
    }

    @ApplicationScoped
    public static class CarePlanStates implements InboxHandler<CarePlanV1> {
        private final CarePlans carePlans;
        private final PatientErasure erasure;

        public CarePlanStates(CarePlans carePlans, PatientErasure erasure) {
            this.carePlans = carePlans;
            this.erasure = erasure;
        }

        @Override
        public InboxConsumer<CarePlanV1> consumer() {
            return InboxConsumer.of("alerting-care-plans", Topics.CAREPLAN_STATE, CarePlanV1.class, GROUP);
        }

        @Override
        public Uni<Void> handle(CarePlanV1 plan, InboxContext ctx) {
            return erasure.isErased(plan.patientId()).chain(erased -> erased ? Uni.createFrom().voidItem() : carePlans.upsert(plan));
        }
    }

    /** GDPR erasure: the patient's data is deleted and the deletion confirmed (outbox) in one transaction. */
    @ApplicationScoped
    public static class Erasures implements InboxHandler<PatientErasedV1> {
        private final PatientErasure erasure;
        private final OutboxPublisher outbox;

        public Erasures(PatientErasure erasure, OutboxPublisher outbox) {
            this.erasure = erasure;
            this.outbox = outbox;
        }

        @Override
        public InboxConsumer<PatientErasedV1> consumer() {
            return InboxConsumer.of("alerting-erasure", Topics.PATIENT_ERASED, PatientErasedV1.class, GROUP);
        }

        @Override
        public Uni<Void> handle(PatientErasedV1 e, InboxContext ctx) {
            return erasure.erase(e).invoke(() -> ctx.afterCommit(outbox::nudge));
        }
    }

    static void nudgeIf(boolean changed, InboxContext ctx, OutboxPublisher outbox) {
        if (changed) {
            ctx.afterCommit(outbox::nudge);
        }
    }
}
