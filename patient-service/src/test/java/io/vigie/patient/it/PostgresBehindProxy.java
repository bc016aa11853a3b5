package io.vigie.patient.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.vigie.core.testing.TcpProxy;
import java.util.List;
import java.util.Map;

/** The service's reactive connections to its PostgreSQL database go through a {@link TcpProxy} the test can cut. */
public class PostgresBehindProxy implements QuarkusTestProfile {

    static volatile TcpProxy proxy;

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            proxy = new TcpProxy("127.0.0.1", 5432);
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + proxy.port() + "/vigie_patient_test",
                    // a fresh consumer group: the records of earlier test classes are not this test's business
                    "vigie.kafka.group-suffix", "-test-fault",
                    "vigie.inbox.only", "patient-audit,patient-device-state,patient-erasure-completed");
        }

        @Override
        public void stop() {
            if (proxy != null) {
                proxy.close();
            }
        }
    }
}
