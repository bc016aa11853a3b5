package io.vigie.alerting.notify;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the live alert stream receives alert changes (its Kafka partitions are assigned). */
@Readiness
@ApplicationScoped
public class AlertStreamReadiness implements HealthCheck {

    private final AlertStreamAssignment assignment;

    public AlertStreamReadiness(@Identifier("alert-fanout-rebalance") AlertStreamAssignment assignment) {
        this.assignment = assignment;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("alert-stream").status(assignment.assigned())
                .withData("partitions", assignment.assigned() ? "assigned" : "waiting for the Kafka group assignment").build();
    }
}
