package io.vigie.ingestion.it;

import static io.restassured.RestAssured.given;
import static io.vigie.ingestion.it.Fixtures.reading;
import static io.vigie.ingestion.it.Fixtures.readings;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.events.reading.DeterministicIds;
import io.restassured.specification.RequestSpecification;
import io.vigie.events.device.DeviceStatus;
import io.vigie.ingestion.directory.DeviceDirectory;
import io.vigie.ingestion.mqtt.MqttFrontDoor;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HttpIngestAndMalformedTest {

    @Inject
    DeviceDirectory directory;
    @Inject
    MqttFrontDoor mqtt;
    @Inject
    io.vigie.ingestion.directory.PatientDirectory patients;

    Fixtures.Device register(DeviceStatus status) {
        Fixtures.Device d = Fixtures.device("hopital-sud", status);
        return Fixtures.publish(d, () -> directory.find(d.id()).map(s -> s.sequence() == d.sequence()).orElse(false));
    }

    static RequestSpecification device(Fixtures.Device d) {
        return given().auth().preemptive().basic(d.id().toString(), d.secret()).contentType("application/json");
    }

    @Test
    void shouldAnswer202WithWhatWasAcceptedAndRejected() {
        Fixtures.Device d = register(DeviceStatus.ACTIVE);
        Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        device(d).body(readings(1L, reading("h1", "8310-5", 98.6, "[degF]", ts), reading("h2", "8310-5", 50, "Cel", ts),
                        reading("h3", "2708-6", 97, "%", ts.plusSeconds(3600))))
                .post("/api/v1/ingest/readings").then().statusCode(202)
                .body("accepted", equalTo(2)).body("rejected", hasSize(1))
                .body("rejected.reason", equalTo(List.of("OUT_OF_RANGE")))
                .body("rejected.id", equalTo(List.of("h2")));
        device(d).body("{\"id\":\"ev1\",\"event\":\"bed-exit\",\"ts\":\"" + ts + "\"}").post("/api/v1/ingest/events").then().statusCode(202)
                .body("accepted", equalTo(1));
    }

    @Test
    void shouldRefuseBadDeviceCredentialsAndInactiveDevices() {
        Fixtures.Device active = register(DeviceStatus.ACTIVE);
        Fixtures.Device suspended = register(DeviceStatus.SUSPENDED);
        String body = readings(1L, reading("x", "8867-4", 70, "/min", Instant.now()));
        given().contentType("application/json").body(body).post("/api/v1/ingest/readings").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Basic realm=\"vigie-devices\"")).contentType(startsWith("application/problem+json"));
        given().auth().preemptive().basic(active.id().toString(), "wrong").contentType("application/json").body(body)
                .post("/api/v1/ingest/readings").then().statusCode(401);
        given().auth().preemptive().basic("not-a-uuid", "x").contentType("application/json").body(body)
                .post("/api/v1/ingest/readings").then().statusCode(401);
        given().header("Authorization", "Basic %%%").contentType("application/json").body(body).post("/api/v1/ingest/readings").then().statusCode(401);
        device(suspended).body(body).post("/api/v1/ingest/readings").then().statusCode(403).body("type", equalTo("urn:vigie:problem:device-not-active"));
        // a Keycloak token is not a device credential
        given().auth().oauth2(io.vigie.auth.testing.KeycloakTokens.forUser("nurse-nord")).contentType("application/json").body(body)
                .post("/api/v1/ingest/readings").then().statusCode(401);
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenADeviceIdIsLockedOutAfterWrongSecrets() {
        Fixtures.Device d = register(DeviceStatus.ACTIVE);
        String body = readings(1L, reading("x", "8867-4", 70, "/min", Instant.now()));
        for (int i = 0; i < 5; i++) {
            given().auth().preemptive().basic(d.id().toString(), "guess-" + i).contentType("application/json").body(body)
                    .post("/api/v1/ingest/readings").then().statusCode(401);
        }
        // locked: even the right secret (never verified in this process) waits, and the device is told how long
        var locked = device(d).body(body).post("/api/v1/ingest/readings").then().statusCode(429)
                .contentType(startsWith("application/problem+json")).body("type", equalTo("urn:vigie:problem:device-locked-out")).extract();
        int retryAfter = Integer.parseInt(locked.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 6, "Retry-After " + retryAfter);
    }

    @Test
    void shouldKeepReadingsAndEventsOfADeviceWhoseClockIsAheadAtReceiptTimeAndShowTheSkewInItsStats() {
        Fixtures.Device d = register(DeviceStatus.ACTIVE);
        Instant ahead = Instant.now().plus(java.time.Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProbe accepted = KafkaProbe.fromNow(Topics.READING_ACCEPTED); KafkaProbe events = KafkaProbe.fromNow(Topics.DEVICE_EVENT)) {
            Instant before = Instant.now();
            device(d).body(readings(1L, reading("skew-1", "2708-6", 85, "%", ahead))).post("/api/v1/ingest/readings").then().statusCode(202)
                    .body("accepted", equalTo(1));
            device(d).body("{\"id\":\"skew-e\",\"event\":\"bed-exit\",\"ts\":\"" + ahead + "\"}").post("/api/v1/ingest/events").then().statusCode(202);
            Instant after = Instant.now();
            // then the desaturation is kept, at the time it arrived, flagged, with what the device stamped
            JsonPath r = JsonPath.from(accepted.await(x -> x.value().contains(DeterministicIds.reading(d.id(), "skew-1").toString()),
                    java.time.Duration.ofSeconds(5)).value());
            assertTrue(r.getBoolean("clockSkew"));
            assertEquals(ahead, Instant.parse(r.getString("deviceTimestamp")));
            Instant measuredAt = Instant.parse(r.getString("measuredAt"));
            assertTrue(!measuredAt.isBefore(before) && !measuredAt.isAfter(after), "measuredAt clamped to receipt: " + measuredAt);
            JsonPath e = JsonPath.from(events.await(x -> x.value().contains("skew-e"), java.time.Duration.ofSeconds(5)).value());
            assertTrue(e.getBoolean("clockSkew"));
            assertEquals(ahead, Instant.parse(e.getString("deviceTimestamp")));
        }
        // and a device administrator sees the device's clock is about two hours ahead
        long skew = given().auth().oauth2(io.vigie.auth.testing.KeycloakTokens.forUser("device-admin-sud"))
                .get("/api/v1/ingestion/devices/" + d.id() + "/stats").then().statusCode(200)
                .body("clockSkewed", equalTo(2)).extract().jsonPath().getLong("clockSkewSeconds");
        assertTrue(skew > 7000 && skew <= 7200, "clock skew " + skew + " s");
    }

    @Test
    void shouldRaiseADataRejectedDeviceEventOnceWhenEveryReadingOfADeviceIsRejectedForAWhile() throws Exception {
        Fixtures.Device d = register(DeviceStatus.ACTIVE);
        UUID patient = UUID.randomUUID();
        Fixtures.assign(d.id(), patient, "hopital-sud", Instant.now().minus(java.time.Duration.ofDays(1)));
        Fixtures.await("assignment applied", () -> patients.patientOf(d.id(), Instant.now()).isPresent());
        Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProbe events = KafkaProbe.fromNow(Topics.DEVICE_EVENT)) {
            // a meter configured in a unit Vigie cannot convert: every reading is rejected (the test profile waits 3 s, not 10 min)
            device(d).body(readings(1L, reading("dr-1", "41653-7", 5.5, "mmol/mol", ts))).post("/api/v1/ingest/readings").then().statusCode(202)
                    .body("accepted", equalTo(0));
            Thread.sleep(3_200);
            device(d).body(readings(2L, reading("dr-2", "41653-7", 5.6, "mmol/mol", ts))).post("/api/v1/ingest/readings").then().statusCode(202);
            JsonPath e = JsonPath.from(events.await(x -> x.value().contains("\"data-rejected\"") && x.value().contains(d.id().toString()),
                    java.time.Duration.ofSeconds(5)).value());
            assertEquals(patient.toString(), e.getString("patientId"), "for the patient's evaluator");
            assertEquals("UNIT_NOT_CONVERTIBLE", e.getString("detail.reasons"));
            // once per streak: a third rejected message raises nothing new
            device(d).body(readings(3L, reading("dr-3", "41653-7", 5.7, "mmol/mol", ts))).post("/api/v1/ingest/readings").then().statusCode(202);
            device(d).body("{\"id\":\"dr-hb\",\"event\":\"heartbeat\",\"ts\":\"" + ts + "\"}").post("/api/v1/ingest/events").then().statusCode(202);
            events.await(x -> x.value().contains("dr-hb"), java.time.Duration.ofSeconds(5));
            assertEquals(1, events.seen().stream().filter(x -> x.value().contains("\"data-rejected\"") && x.value().contains(d.id().toString())).count());
        }
        var stats = given().auth().oauth2(io.vigie.auth.testing.KeycloakTokens.forUser("device-admin-sud"))
                .get("/api/v1/ingestion/devices/" + d.id() + "/stats").then().statusCode(200).extract().jsonPath();
        assertEquals(3, stats.getInt("rejected.UNIT_NOT_CONVERTIBLE"));
        assertEquals(List.of("dr-1", "dr-2", "dr-3"), stats.getList("lastRejections.deviceReadingId"));
        // a reading accepted again ends the streak
        device(d).body(readings(4L, reading("dr-4", "41653-7", 101, "mg/dL", ts))).post("/api/v1/ingest/readings").then().statusCode(202)
                .body("accepted", equalTo(1));
        given().auth().oauth2(io.vigie.auth.testing.KeycloakTokens.forUser("device-admin-sud"))
                .get("/api/v1/ingestion/devices/" + d.id() + "/stats").then().statusCode(200).body("rejectingSince", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void shouldRefuseUnreadableAndOversizedBodies() {
        Fixtures.Device d = register(DeviceStatus.ACTIVE);
        device(d).body("{\"readings\":").post("/api/v1/ingest/readings").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("type", equalTo("urn:vigie:problem:unparseable-payload"));
        device(d).body("x".repeat(300 * 1024)).post("/api/v1/ingest/readings").then().statusCode(413);
        device(d).body("{\"id\":\"e\",\"event\":\"bed-exit\"}").post("/api/v1/ingest/events").then().statusCode(400)
                .body("detail", startsWith("\"ts\" must be"));
    }

    @Test
    void shouldAnswerEveryOneOf500MalformedPayloadsWithAReasonAndNeverFail() throws Exception {
        Fixtures.Device d = register(DeviceStatus.ACTIVE);
        Fixtures.Device m = register(DeviceStatus.ACTIVE);
        List<byte[]> payloads = MalformedPayloads.generate(500, 20261129L);
        Map<Integer, Integer> httpStatuses = new TreeMap<>();
        for (byte[] p : payloads) {
            int status = device(d).body(p).post("/api/v1/ingest/readings").then().extract().statusCode();
            httpStatuses.merge(status, 1, Integer::sum);
        }
        assertTrue(httpStatuses.keySet().stream().allMatch(s -> s == 202 || s == 400), "HTTP answers: " + httpStatuses);
        var v5 = Mqtt.v5(mqtt.plainPort(), m.id().toString(), m.secret());
        Map<Integer, Integer> pubacks = new TreeMap<>();
        for (byte[] p : payloads) {
            IMqttToken t = v5.publish(m.readingsTopic(), p, 1, false);
            t.waitForCompletion(15_000);
            pubacks.merge(t.getReasonCodes()[0], 1, Integer::sum);
        }
        assertTrue(v5.isConnected(), "still connected after 500 malformed payloads");
        Mqtt.close(v5);
        assertTrue(pubacks.keySet().stream().allMatch(c -> c == 0x00 || c == 0x99), "PUBACK reason codes: " + pubacks);
        assertEquals(500, pubacks.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(pubacks.getOrDefault(0x99, 0) > 100 && httpStatuses.getOrDefault(400, 0) > 100, pubacks + " " + httpStatuses);
        given().get("/q/health/ready").then().statusCode(200);
        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.contains("vigie_ingestion_readings_total{outcome=\"rejected\",reason=\"UNPARSEABLE\"}"), "rejections are counted");
        assertTrue(metrics.contains("vigie_ingestion_puback_latency_seconds_bucket"), "PUBACK latency histogram");
        assertTrue(metrics.contains("vigie_ingestion_mqtt_connections"));
        UUID.randomUUID();
    }
}
