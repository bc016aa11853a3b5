package io.vigie.ingestion.it;

import static io.restassured.RestAssured.given;
import static io.vigie.ingestion.it.Fixtures.await;
import static io.vigie.ingestion.it.Fixtures.reading;
import static io.vigie.ingestion.it.Fixtures.readings;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vigie.auth.testing.KeycloakTokens;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.device.DeviceStatus;
import io.vigie.events.patient.ConsentStateV1;
import io.vigie.ingestion.directory.DeviceDirectory;
import io.vigie.ingestion.directory.PatientDirectory;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TelemetryQueryTest {

    /** Three hours ago, on the hour: every seeded reading is in the past and the hourly buckets are known. */
    static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
    static UUID patient;

    @Inject
    DeviceDirectory directory;
    @Inject
    PatientDirectory patients;

    static RequestSpecification as(String user) {
        return given().auth().oauth2(KeycloakTokens.forUser(user));
    }

    Fixtures.Device deviceOf(UUID patientId, String tenant, Instant from) {
        Fixtures.Device d = Fixtures.device(tenant, DeviceStatus.ACTIVE);
        Fixtures.publish(d, () -> directory.find(d.id()).isPresent());
        Fixtures.assign(d.id(), patientId, tenant, from);
        await("assignment known", () -> patients.patientOf(d.id(), from.plusSeconds(1)).isPresent());
        return d;
    }

    static void send(Fixtures.Device d, String body) {
        given().auth().preemptive().basic(d.id().toString(), d.secret()).contentType("application/json").body(body)
                .post("/api/v1/ingest/readings").then().statusCode(202);
    }

    static String bp(String id, int sys, int dia, Instant ts) {
        return "{\"id\":\"" + id + "\",\"code\":\"85354-9\",\"ts\":\"" + ts + "\",\"components\":[{\"code\":\"8480-6\",\"value\":" + sys
                + ",\"unit\":\"mm[Hg]\"},{\"code\":\"8462-4\",\"value\":" + dia + ",\"unit\":\"mm[Hg]\"}]}";
    }

    /** A patient of Hôpital Nord with a hand-made series, seeded once. */
    synchronized UUID seeded() {
        if (patient == null) {
            UUID p = UUID.randomUUID();
            Fixtures.Device d = deviceOf(p, "hopital-nord", BASE.minus(Duration.ofDays(1)));
            send(d, readings(1L,
                    reading("hr1", "8867-4", 60, "/min", BASE),
                    reading("hr2", "8867-4", 70, "/min", BASE.plus(Duration.ofMinutes(10))),
                    reading("hr3", "8867-4", 80, "/min", BASE.plus(Duration.ofMinutes(50))),
                    reading("hr4", "8867-4", 90, "/min", BASE.plus(Duration.ofMinutes(70))),
                    reading("hr5", "8867-4", 100, "/min", BASE.plus(Duration.ofMinutes(130))),
                    reading("w1", "29463-7", 70.0, "kg", BASE.plus(Duration.ofMinutes(5))),
                    reading("t1", "8310-5", 37.2, "Cel", BASE.plus(Duration.ofMinutes(6))),
                    bp("bp1", 130, 85, BASE.plus(Duration.ofMinutes(20))),
                    bp("bp2", 120, 80, BASE.plus(Duration.ofMinutes(80)))));
            await("seeded readings stored", () -> as("clinician-nord").queryParam("code", "8867-4").get("/api/v1/patients/" + p + "/readings")
                    .then().extract().jsonPath().getInt("total") == 5);
            patient = p;
        }
        return patient;
    }

    @Test
    void shouldPageReadingsNewestFirst() {
        UUID p = seeded();
        as("clinician-nord").queryParam("code", "8867-4").queryParam("size", 2).get("/api/v1/patients/" + p + "/readings")
                .then().statusCode(200).body("total", equalTo(5)).body("items.value", contains(100.0f, 90.0f)).body("consent", nullValue());
        as("nurse-nord").queryParam("code", "8867-4").queryParam("size", 2).queryParam("page", 1).get("/api/v1/patients/" + p + "/readings")
                .then().statusCode(200).body("items.value", contains(80.0f, 70.0f));
        as("nurse-nord").queryParam("from", BASE.plus(Duration.ofMinutes(60)).toString()).queryParam("to", BASE.plus(Duration.ofMinutes(121)).toString())
                .get("/api/v1/patients/" + p + "/readings").then().statusCode(200).body("items.deviceId", hasSize(2));
    }

    @Test
    void shouldDownsampleExactlyAsComputedByHand() {
        UUID p = seeded();
        JsonPath series = as("clinician-nord").queryParam("code", "8867-4").queryParam("from", BASE.toString())
                .queryParam("to", BASE.plus(Duration.ofHours(3)).toString()).queryParam("bucket", "PT1H")
                .get("/api/v1/patients/" + p + "/readings/series").then().statusCode(200).extract().jsonPath();
        // [60, 70, 80] | [90] | [100]
        assertEquals(List.of(BASE.toString(), BASE.plus(Duration.ofHours(1)).toString(), BASE.plus(Duration.ofHours(2)).toString()),
                series.getList("buckets.start"));
        assertEquals(List.of(60.0f, 90.0f, 100.0f), series.getList("buckets.min"));
        assertEquals(List.of(80.0f, 90.0f, 100.0f), series.getList("buckets.max"));
        assertEquals(List.of(70.0f, 90.0f, 100.0f), series.getList("buckets.avg"));
        assertEquals(List.of(3, 1, 1), series.getList("buckets.count"));
        assertEquals("/min", series.getString("unit"));
        // the systolic component of the blood-pressure panels, per 30 minutes: 130 at +20 min, 120 at +80 min
        JsonPath bp = as("clinician-nord").queryParam("code", "8480-6").queryParam("from", BASE.toString())
                .queryParam("to", BASE.plus(Duration.ofHours(3)).toString()).queryParam("bucket", "PT30M")
                .get("/api/v1/patients/" + p + "/readings/series").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(BASE.toString(), BASE.plus(Duration.ofMinutes(60)).toString()), bp.getList("buckets.start"));
        assertEquals(List.of(130.0f, 120.0f), bp.getList("buckets.max"));
    }

    @Test
    void shouldGiveTheLastValueOfEachCode() {
        UUID p = seeded();
        JsonPath latest = as("nurse-nord").get("/api/v1/patients/" + p + "/vitals/latest").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("29463-7", "8310-5", "85354-9", "8867-4"), latest.getList("latest.code"));
        assertEquals(100.0f, latest.getFloat("latest.find { it.code == '8867-4' }.value"));
        assertEquals(List.of(120.0f, 80.0f), latest.getList("latest.find { it.code == '85354-9' }.components.value"));
    }

    @Test
    void shouldAnswer404AcrossHospitalsAndForUnknownPatients() {
        UUID p = seeded();
        for (String path : List.of("/readings", "/vitals/latest", "/readings/series?code=8867-4&bucket=PT1H&from=" + BASE + "&to=" + BASE.plusSeconds(3600))) {
            as("clinician-sud").get("/api/v1/patients/" + p + path).then().statusCode(404)
                    .body("detail", equalTo("Patient " + p + " does not exist."));
            as("nurse-sud").get("/api/v1/patients/" + p + path).then().statusCode(404);
            as("clinician-nord").get("/api/v1/patients/" + UUID.randomUUID() + path).then().statusCode(404);
            as("clinician-both").get("/api/v1/patients/" + p + path).then().statusCode(200);
            as("device-admin-nord").get("/api/v1/patients/" + p + path).then().statusCode(403);
            given().get("/api/v1/patients/" + p + path).then().statusCode(401);
        }
    }

    @Test
    void shouldRefuseBadQueriesWithAFieldError() {
        UUID p = seeded();
        String url = "/api/v1/patients/" + p + "/readings/series";
        as("clinician-nord").queryParam("code", "8867-4").queryParam("from", BASE.toString()).queryParam("to", BASE.plusSeconds(60).toString())
                .get(url).then().statusCode(400).body("errors[0].field", equalTo("bucket"));
        as("clinician-nord").queryParam("code", "8867-4").queryParam("bucket", "PT10S").queryParam("from", BASE.toString())
                .queryParam("to", BASE.plusSeconds(60).toString()).get(url).then().statusCode(400).body("errors[0].field", equalTo("bucket"));
        as("clinician-nord").queryParam("code", "8867-4").queryParam("bucket", "PT1M").queryParam("from", BASE.minus(Duration.ofDays(60)).toString())
                .queryParam("to", BASE.toString()).get(url).then().statusCode(400).body("errors[0].message", equalTo(
                        "too many buckets for this range (at most 10000): use a larger bucket"));
        as("clinician-nord").queryParam("code", "67775-7").queryParam("bucket", "PT1H").queryParam("from", BASE.toString())
                .queryParam("to", BASE.plusSeconds(7200).toString()).get(url).then().statusCode(400).body("errors[0].field", equalTo("code"));
        as("clinician-nord").queryParam("from", "yesterday").get("/api/v1/patients/" + p + "/readings").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
    }

    @Test
    void shouldQuarantineReadingsReceivedAfterConsentIsWithdrawnEvenIfMeasuredBeforeAndSayWhy() {
        UUID q = UUID.randomUUID();
        Instant withdrawn = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Fixtures.Device d = deviceOf(q, "hopital-nord", withdrawn.minus(Duration.ofDays(2)));
        send(d, readings(1L, reading("earlier", "8867-4", 72, "/min", withdrawn.minus(Duration.ofMinutes(40)))));
        await("a reading received while consent was given", () -> as("clinician-nord").get("/api/v1/patients/" + q + "/readings").then().extract()
                .jsonPath().getInt("total") == 1);
        Fixtures.consent(q, "hopital-nord", ConsentStateV1.Status.WITHDRAWN, withdrawn);
        await("consent known", () -> patients.consentWithdrawnAt(q, withdrawn.plusSeconds(1)));
        try (KafkaProbe accepted = KafkaProbe.fromNow(Topics.READING_ACCEPTED); KafkaProbe quarantined = KafkaProbe.fromNow(Topics.READING_QUARANTINED)) {
            // consent is judged when the reading arrives: a backlog uploaded after the withdrawal is not processed for care
            send(d, readings(2L, reading("before", "8867-4", 75, "/min", withdrawn.minus(Duration.ofMinutes(30))),
                    reading("after", "8867-4", 140, "/min", withdrawn.plus(Duration.ofMinutes(30)))));
            quarantined.await(r -> r.value().contains("\"deviceReadingId\":\"after\""), Duration.ofSeconds(10));
            quarantined.await(r -> r.value().contains("\"deviceReadingId\":\"before\""), Duration.ofSeconds(10));
            assertTrue(accepted.seen().stream().noneMatch(r -> r.value().contains("\"deviceReadingId\":\"after\"")
                    || r.value().contains("\"deviceReadingId\":\"before\"")), "a withdrawn patient's reading never reaches alerting");
        }
        await("quarantined readings stored", () -> as("clinician-nord").get("/api/v1/patients/" + q + "/readings").then().extract()
                .jsonPath().getInt("consent.quarantinedReadings") == 2);
        as("clinician-nord").get("/api/v1/patients/" + q + "/readings").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].value", equalTo(72.0f))
                .body("consent.status", equalTo("WITHDRAWN")).body("consent.effectiveAt", equalTo(withdrawn.toString()));
    }

    @Test
    void shouldAuditEveryReadWithWhoWhatAndWhy() {
        UUID p = seeded();
        try (KafkaProbe audit = KafkaProbe.fromNow(Topics.AUDIT_RECORDED)) {
            as("clinician-nord").header("X-Purpose", "care").get("/api/v1/patients/" + p + "/vitals/latest").then().statusCode(200);
            JsonPath a = JsonPath.from(audit.await(r -> r.value().contains(p.toString()), Duration.ofSeconds(10)).value());
            assertEquals("READ", a.getString("action"));
            assertEquals("vitals", a.getString("resource"));
            assertEquals("care", a.getString("purpose"));
            assertEquals("hopital-nord", a.getString("tenantId"));
            assertEquals("a6fa1b9a-e900-5096-86a5-80c45ecb7306", a.getString("actorId"));
            assertTrue(a.getList("actorRoles").contains("clinician"));
        }
    }
}
