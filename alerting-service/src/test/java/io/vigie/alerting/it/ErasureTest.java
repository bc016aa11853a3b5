package io.vigie.alerting.it;

import static io.restassured.RestAssured.given;
import static io.vigie.alerting.it.AlertFixtures.alerts;
import static io.vigie.alerting.it.AlertFixtures.as;
import static io.vigie.alerting.it.AlertFixtures.await;
import static io.vigie.alerting.it.AlertFixtures.publish;
import static io.vigie.alerting.it.AlertFixtures.reading;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.auth.testing.KeycloakTokens;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.patient.MonitoringProgram;
import io.vigie.events.patient.PatientErasedV1;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GDPR erasure of alerts and rule state; patient-service's own token listing a patient's alerts for an export. */
@QuarkusTest
class ErasureTest {

    @Test
    void shouldDeleteAlertsAndRuleStateConfirmOnceAndIgnoreLateReadings() {
        // given a diabetic patient with an alert, a comment and an override
        UUID patient = AlertFixtures.patient("hopital-nord", false, MonitoringProgram.DIABETES);
        publish(reading(patient, "hopital-nord", "41653-7", 60, "mg/dL", Instant.now().minusSeconds(20), true));
        await("alert", () -> !alerts(patient, "glucose.hypo-1").isEmpty());
        String alert = alerts(patient, "glucose.hypo-1").get(0).get("id").toString();
        as("clinician-nord").body(java.util.Map.of("text", "called")).post("/api/v1/alerts/" + alert + "/comments").then().statusCode(200);
        // patient-service's service account may list them (GDPR export)
        given().auth().oauth2(KeycloakTokens.forClient("patient-service", "dev-only-patient-service-secret")).queryParam("patientId", patient)
                .get("/api/v1/alerts").then().statusCode(200).body("items.id", hasItem(alert));
        PatientErasedV1 erased = new PatientErasedV1(UUID.randomUUID(), PatientErasedV1.TYPE, 1, Instant.now(), "patient-service", "hopital-nord",
                patient, List.of(AlertFixtures.deviceOf(patient)), List.of("ingestion-service", "alerting-service"));
        try (KafkaProbe confirmations = KafkaProbe.fromNow(Topics.ERASURE_COMPLETED)) {
            // when the erasure is delivered, twice
            AlertFixtures.send(Topics.PATIENT_ERASED, patient.toString(), erased);
            AlertFixtures.send(Topics.PATIENT_ERASED, patient.toString(), erased);
            // then alerting confirms once, with what it deleted
            JsonPath done = JsonPath.from(confirmations.awaitKey(patient.toString(), Duration.ofSeconds(30)).value());
            assertEquals("alerting-service", done.getString("service"));
            // the hypoglycaemia alert, and a missed-measurement alert if the timer ran before the reading arrived
            assertTrue(done.getInt("deleted.alert") >= 1, done.prettify());
            assertEquals(1, done.getInt("deleted.care_plan"));
            // a later record of the same partition shows the redelivery was handled, and confirmed nothing more
            UUID marker = AlertFixtures.samePartitionAs(patient);
            AlertFixtures.send(Topics.PATIENT_ERASED, marker.toString(), new PatientErasedV1(UUID.randomUUID(), PatientErasedV1.TYPE, 1, Instant.now(),
                    "patient-service", "hopital-nord", marker, List.of(), List.of("alerting-service")));
            confirmations.awaitKey(marker.toString(), Duration.ofSeconds(30));
            assertEquals(1, confirmations.seen().stream().filter(r -> r.key().equals(patient.toString())).count());
        }
        assertTrue(alerts(patient).isEmpty());
        as("clinician-nord").get("/api/v1/alerts/" + alert).then().statusCode(404);
        as("clinician-nord").get("/api/v1/patients/" + patient + "/rules").then().statusCode(404);
        // and a late care plan and reading of the patient are dropped: later ones on the same partitions are applied
        AlertFixtures.carePlan(patient, "hopital-nord", false, MonitoringProgram.DIABETES);
        publish(reading(patient, "hopital-nord", "41653-7", 40, "mg/dL", Instant.now().minusSeconds(5), true));
        UUID other = AlertFixtures.patient(AlertFixtures.samePartitionAs(patient), "hopital-nord", false, MonitoringProgram.DIABETES);
        publish(reading(other, "hopital-nord", "41653-7", 40, "mg/dL", Instant.now().minusSeconds(5), true));
        await("the other patient's alert", () -> !alerts(other).isEmpty());
        assertTrue(alerts(patient).isEmpty(), "no alert for an erased patient");
        as("clinician-nord").get("/api/v1/patients/" + patient + "/rules").then().statusCode(404);
    }
}
