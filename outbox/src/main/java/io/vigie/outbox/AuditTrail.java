package io.vigie.outbox;

import io.smallrye.mutiny.Uni;
import io.vigie.core.security.Caller;
import io.vigie.events.Topics;
import io.vigie.events.audit.AuditRecordedV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records who did what to which resource, in the transaction of the change, as an event on
 * {@link Topics#AUDIT_RECORDED} (patient-service chains them into the platform's audit trail).
 * {@code details} hold ids, states and versions only: never a secret or a patient field.
 */
@ApplicationScoped
public class AuditTrail {

    private final Outbox outbox;
    private final String source;

    public AuditTrail(Outbox outbox, @ConfigProperty(name = "quarkus.application.name") String source) {
        this.outbox = outbox;
        this.source = source;
    }

    public Uni<Void> record(Caller.Actor actor, String purpose, String tenantId, String action, String resource,
            String resourceId, Map<String, String> details) {
        AuditRecordedV1 event = AuditRecordedV1.success(source, tenantId, actor.id(), actor.roles(), action, resource, resourceId,
                purpose, details);
        return outbox.enqueue(Topics.AUDIT_RECORDED, tenantId == null ? "group" : tenantId, event);
    }

    public String source() {
        return source;
    }
}
