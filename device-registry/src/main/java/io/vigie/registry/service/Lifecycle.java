package io.vigie.registry.service;

import io.vigie.core.problem.ProblemException;
import io.vigie.events.device.DeviceStatus;
import java.util.Map;
import java.util.Set;

/**
 * Device lifecycle: PROVISIONED → ACTIVE → SUSPENDED ⇄ ACTIVE → RETIRED. A device that was never deployed, or is
 * suspended, may also be retired. RETIRED is final. Anything else is refused with 409.
 */
public enum Lifecycle {
    ACTIVATE(DeviceStatus.ACTIVE, Set.of(DeviceStatus.PROVISIONED, DeviceStatus.SUSPENDED)),
    SUSPEND(DeviceStatus.SUSPENDED, Set.of(DeviceStatus.ACTIVE)),
    RETIRE(DeviceStatus.RETIRED, Set.of(DeviceStatus.PROVISIONED, DeviceStatus.ACTIVE, DeviceStatus.SUSPENDED));

    private static final Map<String, Lifecycle> BY_PATH = Map.of("activate", ACTIVATE, "suspend", SUSPEND, "retire", RETIRE);

    private final DeviceStatus target;
    private final Set<DeviceStatus> from;

    Lifecycle(DeviceStatus target, Set<DeviceStatus> from) {
        this.target = target;
        this.from = from;
    }

    public DeviceStatus target() {
        return target;
    }

    public boolean allowedFrom(DeviceStatus current) {
        return from.contains(current);
    }

    /** The status after this action, or 409 when the device's current status does not allow it. */
    public DeviceStatus apply(DeviceStatus current) {
        if (!allowedFrom(current)) {
            throw ProblemException.conflict("illegal-transition", "A " + current + " device cannot be "
                    + name().toLowerCase() + "d" + (current == DeviceStatus.RETIRED ? ": RETIRED is final." : "."));
        }
        return target;
    }

    public static Lifecycle of(String action) {
        Lifecycle l = BY_PATH.get(action);
        if (l == null) {
            throw ProblemException.notFound("action", action);
        }
        return l;
    }
}
