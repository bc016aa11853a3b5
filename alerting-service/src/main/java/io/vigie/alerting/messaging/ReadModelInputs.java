package io.vigie.alerting.messaging;

import io.smallrye.mutiny.Uni;
import io.vigie.alerting.gdpr.PatientErasure;
import io.vigie.alerting.service.CarePlans;
import io.vigie.events.Topics;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.inbox.InboxHandler;
import io.vigie.outbox.OutboxPublisher;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the API's read model needs besides the alerts: patients' care plans (hospital checks, effective rules, care
 * teams) and erasures (the read model is deleted and the deletion confirmed). Through the inbox. The evaluator reads
 * the same topics on its own (Kafka Streams).
 */
public final class ReadModelInputs {

    private ReadModelInputs() {
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
            return InboxConsumer.of("alerting-care-plans", Topics.CAREPLAN_STATE, CarePlanV1.class, "alerting-service");
        }

        @Override
        public Uni<Void> handle(CarePlanV1 plan, InboxContext ctx) {
            return PatientErasure.lock(plan.patientId()).chain(() -> erasure.isErased(plan.patientId()))
                    .chain(erased -> erased ? Uni.createFrom().voidItem() : carePlans.upsert(plan));
        }
    }

    /** GDPR erasure: the read model is deleted and the deletion confirmed (outbox) in one transaction. */
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
            return InboxConsumer.of("alerting-erasure", Topics.PATIENT_ERASED, PatientErasedV1.class, "alerting-service");
        }

        @Override
        public Uni<Void> handle(PatientErasedV1 e, InboxContext ctx) {
            return erasure.erase(e).invoke(() -> ctx.afterCommit(outbox::nudge));
        }
    }
}
