package io.vigie.patient.it;

import io.smallrye.mutiny.Uni;
import io.vigie.core.messaging.PoisonEvent;
import io.vigie.events.Topics;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.inbox.InboxConsumer;
import io.vigie.inbox.InboxContext;
import io.vigie.inbox.InboxHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A consumer of the test application only: it refuses (a handler's explicit validation) the audit records of action
 * {@value #ACTION} until the test "deploys the fix"; what it processes is recorded, for the replay tests.
 */
@ApplicationScoped
public class RefusingAuditChecker implements InboxHandler<AuditRecordedV1> {

    static final String ACTION = "test.refused-until-fixed";
    static volatile boolean fixed;
    static final List<UUID> processed = new CopyOnWriteArrayList<>();

    @Override
    public InboxConsumer<AuditRecordedV1> consumer() {
        return InboxConsumer.of("test-audit-checker", Topics.AUDIT_RECORDED, AuditRecordedV1.class, "patient-service-checker");
    }

    @Override
    public Uni<Void> handle(AuditRecordedV1 event, InboxContext ctx) {
        if (ACTION.equals(event.action()) && !fixed) {
            throw PoisonEvent.refused("action " + ACTION + " is not supported by this version");
        }
        if (ACTION.equals(event.action())) {
            processed.add(event.eventId());
        }
        return Uni.createFrom().voidItem();
    }
}
