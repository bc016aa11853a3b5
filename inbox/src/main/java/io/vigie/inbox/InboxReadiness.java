package io.vigie.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while a consumer has retried the same record for longer than {@code vigie.inbox.unready-after}
 * (30 s): the service is up but not keeping up, and says why. Never a liveness check: restarting a consumer
 * whose database is down fixes nothing and cuts every device off.
 */
@Readiness
@ApplicationScoped
public class InboxReadiness implements HealthCheck {

    private final Inbox inbox;
    private final InboxConfig config;

    public InboxReadiness(Inbox inbox, InboxConfig config) {
        this.inbox = inbox;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("Event consumers (inbox)");
        boolean up = true;
        long limit = config.unreadyAfter().toSeconds();
        for (ConsumerState s : inbox.states()) {
            ConsumerState.Retrying r = s.retrying();
            if (r != null && s.stuckSeconds() >= limit) {
                up = false;
                b.withData(s.name(), String.format("stuck for %.0f s on %s: %s (%d attempts, last %s)", s.stuckSeconds(), r.record(), r.cause(),
                        r.attempts(), r.failure()));
            } else if (s.started() && !s.running() && inbox.accepting()) {
                up = false;
                b.withData(s.name(), "not consuming: its poll loop ended (" + (s.loopFailure() == null ? "stopped" : s.loopFailure()) + ")");
            } else if (s.loopFailure() != null) {
                up &= s.loopFailingSeconds() < limit;
                b.withData(s.name(), String.format("polling fails for %.0f s: %s", s.loopFailingSeconds(), s.loopFailure()));
            } else if (!s.started()) {
                b.withData(s.name(), "not started (configuration)");
            } else {
                b.withData(s.name(), r == null ? "ok" : "retrying " + r.record() + " (" + r.cause() + ")");
            }
        }
        return b.status(up).build();
    }
}
