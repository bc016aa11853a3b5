package io.vigie.alerting.it;

import static io.vigie.alerting.it.AlertFixtures.alerts;
import static io.vigie.alerting.it.AlertFixtures.await;
import static io.vigie.alerting.it.AlertFixtures.publish;
import static io.vigie.alerting.it.AlertFixtures.reading;

import io.quarkus.test.junit.QuarkusTest;
import io.vigie.auth.testing.EndpointMatrix;
import io.vigie.events.patient.MonitoringProgram;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every endpoint: 401 without a token, 403 for a wrong role, 404 across hospitals (real tokens). */
@QuarkusTest
class AlertingAuthzTest extends EndpointMatrix {

    @Override
    protected List<Endpoint> build() {
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        publish(reading(patient, "hopital-nord", "41653-7", 300, "mg/dL", Instant.now().minusSeconds(10), true));
        await("alert", () -> !alerts(patient).isEmpty());
        String a = "/api/v1/alerts/" + alerts(patient).get(0).get("id");
        String p = "/api/v1/patients/" + patient;
        return List.of(
                new Endpoint("GET", "/api/v1/alerts", null, "device-admin-nord", null),
                new Endpoint("GET", "/api/v1/alerts/worklist", null, "auditor", null),
                new Endpoint("GET", a, null, "device-admin-nord", "nurse-sud"),
                new Endpoint("POST", a + "/acknowledge", null, "device-admin-nord", "clinician-sud"),
                new Endpoint("POST", a + "/assign", Map.of("userId", "x"), "platform-admin", "nurse-sud"),
                new Endpoint("POST", a + "/comments", Map.of("text", "x"), "auditor", "clinician-sud"),
                new Endpoint("POST", a + "/resolve", Map.of("actionable", false), "device-admin-sud", "clinician-sud"),
                new Endpoint("GET", p + "/rules", null, "device-admin-nord", "nurse-sud"),
                new Endpoint("PUT", p + "/rules/glucose.hyper", Map.of("params", Map.of("limit", 260.0)), "nurse-nord", "clinician-sud"),
                new Endpoint("POST", p + "/silences", Map.of("ruleKey", "glucose.hyper", "reason", "x", "until", Instant.now().plusSeconds(60).toString()),
                        "nurse-nord", "clinician-sud"),
                new Endpoint("GET", p + "/silences", null, "device-admin-nord", "nurse-sud"),
                new Endpoint("DELETE", p + "/silences/" + java.util.UUID.randomUUID(), null, "nurse-nord", "clinician-sud"),
                new Endpoint("POST", "/api/v1/scores/news2", Map.of("pulse", 80), "device-admin-nord", null),
                new Endpoint("GET", "/api/v1/webhooks", null, "clinician-nord", null),
                new Endpoint("POST", "/api/v1/webhooks", Map.of("hospitalId", "hopital-nord", "url", "http://127.0.0.1:9/x"), "clinician-nord", null));
    }
}
