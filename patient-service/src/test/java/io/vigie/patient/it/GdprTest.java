package io.vigie.patient.it;

import static io.vigie.patient.it.PatientFixtures.as;
import static io.vigie.patient.it.PatientFixtures.await;
import static io.vigie.patient.it.PatientFixtures.device;
import static io.vigie.patient.it.PatientFixtures.patient;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.device.DeviceStatus;
import io.vigie.events.patient.ErasureCompletedV1;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GDPR erasure and export as far as this service goes: the confirmations of ingestion and alerting are produced here
 * on the real topic; the e2e module runs the whole chain with the four services.
 */
@QuarkusTest
class GdprTest {

    static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

    @Test
    void shouldEraseThePatientPublishTheErasureAndTrackEachServicesConfirmation() {
        // given a patient with an enrollment, a consent and a device
        String id = patient("clinician-nord", "hopital-nord");
        as("clinician-nord").body(Map.of("program", "DIABETES", "start", LocalDate.now().toString())).post("/api/v1/patients/" + id + "/enrollments")
                .then().statusCode(201);
        as("clinician-nord").body(Map.of("status", "GIVEN")).post("/api/v1/patients/" + id + "/consents").then().statusCode(201);
        UUID glucometer = device("hopital-nord", DeviceStatus.ACTIVE);
        AssignmentTest.assign("nurse-nord", id, glucometer, Instant.now().minusSeconds(60), null);
        try (KafkaProbe erased = KafkaProbe.fromNow(Topics.PATIENT_ERASED); KafkaProbe plans = KafkaProbe.fromNow(Topics.CAREPLAN_STATE);
                KafkaProbe assignments = KafkaProbe.fromNow(Topics.ASSIGNMENT_STATE)) {
            // when
            JsonPath status = as("platform-admin").queryParam("reason", "patient request, art. 17").delete("/api/v1/patients/" + id).then()
                    .statusCode(202).extract().jsonPath();
            // then
            assertEquals(Map.of("ingestion-service", "", "alerting-service", ""), status.getMap("services", String.class, String.class).entrySet()
                    .stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue() == null ? "" : e.getValue())));
            JsonPath event = JsonPath.from(erased.awaitKey(id, KAFKA_WAIT).value());
            assertEquals(List.of(glucometer.toString()), event.getList("deviceIds"));
            assertEquals(List.of("ingestion-service", "alerting-service"), event.getList("services"));
            JsonPath plan = JsonPath.from(plans.awaitKey(id, KAFKA_WAIT).value());
            assertEquals(List.of(), plan.getList("enrollments"));
            assertEquals(List.of(), plan.getList("careTeam"));
            assertTrue(plan.getString("ageYears") == null);
            JsonPath devices = JsonPath.from(assignments.awaitKey(glucometer.toString(), KAFKA_WAIT).value());
            assertEquals(List.of(), devices.getList("assignments"), "the device no longer stamps readings with the patient");
        }
        as("clinician-nord").get("/api/v1/patients/" + id).then().statusCode(404);
        as("platform-admin").get("/api/v1/patients/" + id + "/erasure").then().statusCode(200).body("completedAt", nullValue());
        // when both services confirm (twice for one of them: redelivery)
        for (String service : List.of("ingestion-service", "alerting-service", "alerting-service")) {
            PatientFixtures.send(Topics.ERASURE_COMPLETED, id, new ErasureCompletedV1(UUID.randomUUID(), ErasureCompletedV1.TYPE, 1, Instant.now(),
                    service, "hopital-nord", UUID.fromString(id), service, Map.of("rows", 3L)));
        }
        // then the erasure is complete
        await("erasure complete", () -> as("platform-admin").get("/api/v1/patients/" + id + "/erasure").then().statusCode(200).extract()
                .path("completedAt") != null);
        JsonPath done = as("platform-admin").get("/api/v1/patients/" + id + "/erasure").then().extract().jsonPath();
        assertTrue(done.getString("services.ingestion-service") != null && done.getString("services.alerting-service") != null);
        // the trail keeps the fact, not the data
        List<Map<String, Object>> trail = as("auditor").queryParam("resourceId", id).queryParam("size", 200).get("/api/v1/audit").then()
                .statusCode(200).extract().path("items");
        assertTrue(trail.stream().anyMatch(e -> "ERASE".equals(e.get("action")) && "SUCCESS".equals(e.get("outcome"))));
        assertFalse(trail.toString().contains("Durand"));
        assertFalse(trail.toString().contains("art. 17"), "the reason's text may name the patient: only its length is kept");
        // erasing again: the patient is gone
        as("platform-admin").queryParam("reason", "again").delete("/api/v1/patients/" + id).then().statusCode(404);
    }

    @Test
    void shouldRequireAReasonAndThePlatformAdminRoleToErase() {
        String id = patient("clinician-nord", "hopital-nord");
        as("platform-admin").delete("/api/v1/patients/" + id).then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("reason"));
        as("platform-admin").queryParam("reason", " ").delete("/api/v1/patients/" + id).then().statusCode(400);
        as("clinician-nord").queryParam("reason", "x").delete("/api/v1/patients/" + id).then().statusCode(403);
        as("platform-admin").queryParam("reason", "x").delete("/api/v1/patients/" + UUID.randomUUID()).then().statusCode(404);
        as("platform-admin").get("/api/v1/patients/" + id + "/erasure").then().statusCode(404);
        as("clinician-nord").get("/api/v1/patients/" + id).then().statusCode(200);
    }

    @Test
    void shouldAnswer503AndExportNothingWhenAServiceCannotBeReached() {
        // given ingestion and alerting are not running for the module tests (see application.properties)
        String id = patient("clinician-nord", "hopital-nord");
        // when / then
        as("clinician-nord").get("/api/v1/patients/" + id + "/export").then().statusCode(503).contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue()).body("detail", startsWith("The export needs ingestion-service"));
        as("clinician-sud").get("/api/v1/patients/" + id + "/export").then().statusCode(404);
        as("nurse-nord").get("/api/v1/patients/" + id + "/export").then().statusCode(403);
    }
}
