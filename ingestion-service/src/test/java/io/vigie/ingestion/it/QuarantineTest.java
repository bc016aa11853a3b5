package io.vigie.ingestion.it;

import static io.restassured.RestAssured.given;
import static io.vigie.ingestion.it.Fixtures.await;
import static io.vigie.ingestion.it.Fixtures.reading;
import static io.vigie.ingestion.it.Fixtures.readings;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.auth.testing.KeycloakTokens;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.device.DeviceStatus;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.events.patient.DeviceAssignmentsV1;
import io.vigie.events.reading.DeterministicIds;
import io.vigie.ingestion.directory.DeviceDirectory;
import io.vigie.ingestion.directory.PatientDirectory;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A device that changed hands between measuring and uploading: the reading of the former patient is kept apart
 * (ASSIGNMENT_MISMATCH), never in either record, until a nurse or a device administrator of the hospital attributes
 * or discards it — through real Kafka, the Mongo wire server and Keycloak tokens.
 */
@QuarkusTest
class QuarantineTest {

    static final String BASE = "/api/v1/ingestion/quarantine";

    @Inject
    DeviceDirectory directory;
    @Inject
    PatientDirectory patients;
    @Inject
    io.vigie.ingestion.store.ReadingStore store;

    record Handover(Fixtures.Device device, UUID former, UUID current) {
    }

    /** A device of Hôpital Nord assigned to {@code former} until an hour ago, to {@code current} since. */
    Handover handover() {
        Fixtures.Device d = Fixtures.device("hopital-nord", DeviceStatus.ACTIVE);
        Fixtures.publish(d, () -> directory.find(d.id()).isPresent());
        UUID former = UUID.randomUUID();
        UUID current = UUID.randomUUID();
        Instant changed = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Fixtures.send(Topics.ASSIGNMENT_STATE, d.id().toString(), new DeviceAssignmentsV1(UUID.randomUUID(), DeviceAssignmentsV1.TYPE, 1, Instant.now(),
                "patient-service", "hopital-nord", d.id(), List.of(
                        new DeviceAssignmentsV1.Assignment(UUID.randomUUID(), former, changed.minus(Duration.ofDays(2)), changed),
                        new DeviceAssignmentsV1.Assignment(UUID.randomUUID(), current, changed, null))));
        await("assignments known", () -> current.equals(patients.patientOf(d.id(), Instant.now()).orElse(null)));
        return new Handover(d, former, current);
    }

    static String upload(Fixtures.Device d, String id, Instant measuredAt) {
        given().auth().preemptive().basic(d.id().toString(), d.secret()).contentType("application/json")
                .body(readings(null, reading(id, "29463-7", 82.5, "kg", measuredAt))).post("/api/v1/ingest/readings").then().statusCode(202)
                .body("quarantined", equalTo(1)).body("accepted", equalTo(0));
        return DeterministicIds.reading(d.id(), id).toString();
    }

    static boolean listed(String user, String readingId) {
        return given().auth().oauth2(KeycloakTokens.forUser(user)).get(BASE + "?size=200").then().statusCode(200).extract().jsonPath()
                .getList("items.readingId").contains(readingId);
    }

    static int readingsOf(UUID patient) {
        return given().auth().oauth2(KeycloakTokens.forUser("clinician-nord")).get("/api/v1/patients/" + patient + "/readings").then()
                .extract().jsonPath().getInt("total");
    }

    @Test
    void shouldKeepAReadingMeasuredBeforeTheDeviceChangedHandsApartUntilANurseAttributesIt() {
        Handover h = handover();
        String nurse = KeycloakTokens.forUser("nurse-nord");
        try (KafkaProbe quarantined = KafkaProbe.fromNow(Topics.READING_QUARANTINED); KafkaProbe accepted = KafkaProbe.fromNow(Topics.READING_ACCEPTED);
                KafkaProbe audit = KafkaProbe.fromNow(Topics.AUDIT_RECORDED)) {
            // when the device uploads, under its new patient, a weight it measured three hours ago under the former one
            String readingId = upload(h.device(), "handover-" + UUID.randomUUID(), Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS));

            // then it goes to nobody's record: quarantined with the reason and the patient of the measurement time
            JsonPath q = JsonPath.from(quarantined.await(r -> r.value().contains(readingId), Duration.ofSeconds(5)).value());
            assertEquals("ASSIGNMENT_MISMATCH", q.getString("quarantine"));
            assertEquals(null, q.getString("patientId"));
            assertEquals(h.former().toString(), q.getString("candidatePatientId"));
            await("waiting for attribution", () -> listed("nurse-nord", readingId));
            given().auth().oauth2(nurse).get(BASE + "/" + readingId).then().statusCode(200)
                    .body("reason", equalTo("ASSIGNMENT_MISMATCH")).body("candidatePatientId", equalTo(h.former().toString()));

            // another hospital does not see it; a clinician may not decide; without a token, 401
            assertFalse(listed("nurse-sud", readingId));
            given().auth().oauth2(KeycloakTokens.forUser("nurse-sud")).get(BASE + "/" + readingId).then().statusCode(404);
            given().auth().oauth2(KeycloakTokens.forUser("nurse-sud")).contentType("application/json").body("{\"patientId\":\"" + h.former() + "\"}")
                    .post(BASE + "/" + readingId + "/attribution").then().statusCode(404);
            given().auth().oauth2(KeycloakTokens.forUser("clinician-nord")).get(BASE).then().statusCode(403);
            given().get(BASE).then().statusCode(401);
            // a patient of another hospital cannot receive it; a body without a patient is refused
            UUID southPatient = UUID.randomUUID();
            Fixtures.consent(southPatient, "hopital-sud", ConsentStateV1.Status.GIVEN, Instant.now().minus(Duration.ofDays(1)));
            await("south patient known", () -> patients.tenantOf(southPatient).isPresent());
            given().auth().oauth2(nurse).contentType("application/json").body("{\"patientId\":\"" + southPatient + "\"}")
                    .post(BASE + "/" + readingId + "/attribution").then().statusCode(422).body("type", equalTo("urn:vigie:problem:patient-not-in-hospital"));
            given().auth().oauth2(nurse).contentType("application/json").body("{}").post(BASE + "/" + readingId + "/attribution").then().statusCode(400);

            // when the nurse attributes it to the former patient
            given().auth().oauth2(nurse).contentType("application/json").body("{\"patientId\":\"" + h.former() + "\"}")
                    .post(BASE + "/" + readingId + "/attribution").then().statusCode(200).body("outcome", equalTo("ATTRIBUTED"));

            // then it flows on as an accepted (late) reading of that patient, audited, and leaves the quarantine
            JsonPath a = JsonPath.from(accepted.await(r -> r.value().contains(readingId), Duration.ofSeconds(5)).value());
            assertEquals(h.former().toString(), a.getString("patientId"));
            assertTrue(a.getBoolean("late"));
            assertEquals(h.former().toString(), accepted.await(r -> r.value().contains(readingId), Duration.ofSeconds(1)).key(), "keyed by patient");
            JsonPath entry = JsonPath.from(audit.await(r -> r.value().contains("reading.attribute") && r.value().contains(readingId),
                    Duration.ofSeconds(5)).value());
            assertEquals("hopital-nord", entry.getString("tenantId"));
            assertEquals(h.former().toString(), entry.getString("details.patientId"));
            await("in the former patient's record", () -> readingsOf(h.former()) == 1);
            assertEquals(0, readingsOf(h.current()), "never in the new patient's record");
            given().auth().oauth2(nurse).get(BASE + "/" + readingId).then().statusCode(404);
        }
    }

    @Test
    void shouldLetADeviceAdministratorDiscardAQuarantinedReadingWithAReason() {
        Handover h = handover();
        String admin = KeycloakTokens.forUser("device-admin-nord");
        try (KafkaProbe audit = KafkaProbe.fromNow(Topics.AUDIT_RECORDED)) {
            String readingId = upload(h.device(), "discard-" + UUID.randomUUID(), Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS));
            await("waiting for attribution", () -> listed("device-admin-nord", readingId));
            // while someone else's decision holds it, another one is refused
            store.claim(readingId, "ASSIGNMENT_MISMATCH", Instant.now()).await().atMost(Duration.ofSeconds(5));
            given().auth().oauth2(admin).contentType("application/json").body("{\"reason\":\"TEST_MEASUREMENT\"}")
                    .post(BASE + "/" + readingId + "/discard").then().statusCode(409);
            store.unclaim(readingId).await().atMost(Duration.ofSeconds(5));
            given().auth().oauth2(admin).contentType("application/json").body("{\"reason\":\"whatever\"}")
                    .post(BASE + "/" + readingId + "/discard").then().statusCode(400);
            given().auth().oauth2(admin).contentType("application/json").body("{\"reason\":\"TEST_MEASUREMENT\"}")
                    .post(BASE + "/" + readingId + "/discard").then().statusCode(200).body("outcome", equalTo("DISCARDED"));
            JsonPath entry = JsonPath.from(audit.await(r -> r.value().contains("reading.discard") && r.value().contains(readingId),
                    Duration.ofSeconds(5)).value());
            assertEquals("TEST_MEASUREMENT", entry.getString("details.reason"));
            assertFalse(listed("device-admin-nord", readingId));
            assertEquals(0, readingsOf(h.former()));
            assertEquals(0, readingsOf(h.current()));
        }
    }

    @Test
    void shouldKeepAReadingAttributedToAPatientWhoWithdrewConsentApartInTheirName() {
        Handover h = handover();
        Fixtures.consent(h.former(), "hopital-nord", ConsentStateV1.Status.WITHDRAWN, Instant.now().minus(Duration.ofMinutes(30)));
        await("withdrawal known", () -> patients.consentWithdrawnAt(h.former(), Instant.now()));
        String readingId = upload(h.device(), "withdrawn-" + UUID.randomUUID(), Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS));
        await("waiting for attribution", () -> listed("nurse-nord", readingId));
        given().auth().oauth2(KeycloakTokens.forUser("nurse-nord")).contentType("application/json").body("{\"patientId\":\"" + h.former() + "\"}")
                .post(BASE + "/" + readingId + "/attribution").then().statusCode(200).body("outcome", equalTo("QUARANTINED_CONSENT_WITHDRAWN"));
        // kept (not lost), as that patient's consent-withdrawn reading: out of the worklist, not in the record, not alerted on
        org.bson.Document kept = store.quarantined(readingId).await().atMost(Duration.ofSeconds(5));
        assertEquals("CONSENT_WITHDRAWN", kept.getString("quarantine"));
        assertEquals(h.former().toString(), kept.getString("patientId"));
        assertFalse(listed("nurse-nord", readingId));
    }
}
