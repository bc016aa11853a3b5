package io.vigie.ingestion.it;

import static io.restassured.RestAssured.given;
import static io.vigie.ingestion.it.Fixtures.await;
import static io.vigie.ingestion.it.Fixtures.reading;
import static io.vigie.ingestion.it.Fixtures.readings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.auth.testing.KeycloakTokens;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.device.DeviceStatus;
import io.vigie.events.patient.PatientErasedV1;
import io.vigie.events.reading.ReadingAcceptedV1;
import io.vigie.ingestion.directory.DeviceDirectory;
import io.vigie.ingestion.directory.PatientDirectory;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GDPR erasure of telemetry, and patient-service's own token reading a patient's readings for an export. */
@QuarkusTest
class ErasureTest {

    @Inject
    DeviceDirectory directory;
    @Inject
    PatientDirectory patients;

    static int total(String token, UUID patient) {
        return given().auth().oauth2(token).get("/api/v1/patients/" + patient + "/readings").then().extract().statusCode() == 200
                ? given().auth().oauth2(token).get("/api/v1/patients/" + patient + "/readings").then().extract().jsonPath().getInt("total") : -1;
    }

    static ReadingAcceptedV1 accepted(UUID patient, UUID device) {
        UUID id = UUID.randomUUID();
        return new ReadingAcceptedV1(id, ReadingAcceptedV1.TYPE, 1, Instant.now(), "ingestion-service", "hopital-nord", id, "late-" + id, device,
                DeviceKind.SCALE, patient, "29463-7", 80.0, null, "kg", null, Instant.now().minusSeconds(30), Instant.now(), true, List.of(), null, null,
                "HTTP", false, null);
    }

    @Test
    void shouldDeleteAPatientsReadingsConfirmAndDropTheirLateReadings() {
        // given a patient with two stored readings
        UUID patient = UUID.randomUUID();
        Instant from = Instant.now().minus(Duration.ofHours(1));
        Fixtures.Device d = Fixtures.device("hopital-nord", DeviceStatus.ACTIVE);
        Fixtures.publish(d, () -> directory.find(d.id()).isPresent());
        Fixtures.assign(d.id(), patient, "hopital-nord", from);
        await("assignment known", () -> patients.patientOf(d.id(), Instant.now()).isPresent());
        given().auth().preemptive().basic(d.id().toString(), d.secret()).contentType("application/json")
                .body(readings(null, reading("e1", "29463-7", 81.0, "kg", Instant.now().minusSeconds(60)),
                        reading("e2", "29463-7", 81.4, "kg", Instant.now().minusSeconds(30))))
                .post("/api/v1/ingest/readings").then().statusCode(202);
        String clinician = KeycloakTokens.forUser("clinician-nord");
        await("readings stored", () -> total(clinician, patient) == 2);
        // patient-service's service account may read them (GDPR export)
        assertEquals(2, total(KeycloakTokens.forClient("patient-service", "dev-only-patient-service-secret"), patient));
        try (KafkaProbe confirmations = KafkaProbe.fromNow(Topics.ERASURE_COMPLETED)) {
            // when patient-service publishes the erasure
            Fixtures.send(Topics.PATIENT_ERASED, patient.toString(), new PatientErasedV1(UUID.randomUUID(), PatientErasedV1.TYPE, 1, Instant.now(),
                    "patient-service", "hopital-nord", patient, List.of(d.id()), List.of("ingestion-service", "alerting-service")));
            // then ingestion confirms what it deleted
            JsonPath done = JsonPath.from(confirmations.awaitKey(patient.toString(), Duration.ofSeconds(30)).value());
            assertEquals("ingestion-service", done.getString("service"));
            assertEquals(2, done.getInt("deleted.readings"));
        }
        given().auth().oauth2(clinician).get("/api/v1/patients/" + patient + "/readings").then().statusCode(404);
        // and a reading of theirs still in flight is not kept: a later reading on the same partition is stored, the late one is not
        int partitions = KafkaProbe.partitions(Topics.READING_ACCEPTED);
        UUID other;
        do {
            other = UUID.randomUUID();
        } while (KafkaProbe.partitionOf(other.toString(), partitions) != KafkaProbe.partitionOf(patient.toString(), partitions));
        Fixtures.send(Topics.READING_ACCEPTED, patient.toString(), accepted(patient, d.id()));
        Fixtures.send(Topics.READING_ACCEPTED, other.toString(), accepted(other, d.id()));
        UUID marker = other;
        await("the later reading stored", () -> total(clinician, marker) == 1);
        given().auth().oauth2(clinician).get("/api/v1/patients/" + patient + "/readings").then().statusCode(404);
    }
}
