package io.vigie.ingestion.directory;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the device, assignment and consent views have read their topics up to the startup end offsets. */
@Readiness
@ApplicationScoped
public class StateViewsReadiness implements HealthCheck {

    private final StateCatchUpProbe probe;

    public StateViewsReadiness(StateCatchUpProbe probe) {
        this.probe = probe;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("Device and patient state views");
        boolean up = true;
        for (CatchUp v : probe.views()) {
            b.withData(v.topic() + " lag", v.lag());
            up &= v.caughtUp();
        }
        return b.withData("devices", probe.devices()).status(up).build();
    }
}
