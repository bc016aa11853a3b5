package io.vigie.patient.messaging;

import io.smallrye.mutiny.Uni;
import io.vigie.events.Topics;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.inbox.InboxHandler;
import io.vigie.patient.audit.AuditChain;
import jakarta.enterprise.context.ApplicationScoped;

/** Every service's audit records, chained into the platform's trail (HDS traceability); idempotent by event id. */
@ApplicationScoped
public class AuditRecords implements InboxHandler<AuditRecordedV1> {

    private final AuditChain chain;

    public AuditRecords(AuditChain chain) {
        this.chain = chain;
    }

    @Override
    public InboxConsumer<AuditRecordedV1> consumer() {
        return InboxConsumer.of("patient-audit", Topics.AUDIT_RECORDED, AuditRecordedV1.class, "patient-service");
    }

    @Override
    public Uni<Void> handle(AuditRecordedV1 event, InboxContext ctx) {
        return chain.append(event).replaceWithVoid();
    }
}
