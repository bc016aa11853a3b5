package io.vigie.patient.messaging;

import io.smallrye.mutiny.Uni;
import io.vigie.events.Topics;
import io.vigie.events.patient.ErasureCompletedV1;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.inbox.InboxHandler;
import io.vigie.patient.gdpr.GdprService;
import jakarta.enterprise.context.ApplicationScoped;

/** The other services confirming they erased a patient; the erasure completes when all have. */
@ApplicationScoped
public class ErasureConfirmations implements InboxHandler<ErasureCompletedV1> {

    private final GdprService gdpr;

    public ErasureConfirmations(GdprService gdpr) {
        this.gdpr = gdpr;
    }

    @Override
    public InboxConsumer<ErasureCompletedV1> consumer() {
        return InboxConsumer.of("patient-erasure-completed", Topics.ERASURE_COMPLETED, ErasureCompletedV1.class, "patient-service");
    }

    @Override
    public Uni<Void> handle(ErasureCompletedV1 c, InboxContext ctx) {
        return gdpr.completed(c);
    }
}
