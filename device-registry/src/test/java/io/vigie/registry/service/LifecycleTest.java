package io.vigie.registry.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vigie.core.problem.ProblemException;
import io.vigie.events.device.DeviceStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleTest {

    @ParameterizedTest(name = "{0} from {1} -> {2}")
    @CsvSource({
            "ACTIVATE, PROVISIONED, ACTIVE",
            "ACTIVATE, SUSPENDED, ACTIVE",
            "SUSPEND, ACTIVE, SUSPENDED",
            "RETIRE, ACTIVE, RETIRED",
            "RETIRE, SUSPENDED, RETIRED",
            "RETIRE, PROVISIONED, RETIRED",
    })
    void shouldMoveToTargetWhenTransitionIsLegal(Lifecycle action, DeviceStatus from, DeviceStatus to) {
        assertEquals(to, action.apply(from));
    }

    @ParameterizedTest(name = "{0} from {1} is refused")
    @CsvSource({
            "ACTIVATE, ACTIVE",
            "ACTIVATE, RETIRED",
            "SUSPEND, PROVISIONED",
            "SUSPEND, SUSPENDED",
            "SUSPEND, RETIRED",
            "RETIRE, RETIRED",
    })
    void shouldRefuseWith409WhenTransitionIsIllegal(Lifecycle action, DeviceStatus from) {
        ProblemException e = assertThrows(ProblemException.class, () -> action.apply(from));
        assertEquals(409, e.status());
    }
}
