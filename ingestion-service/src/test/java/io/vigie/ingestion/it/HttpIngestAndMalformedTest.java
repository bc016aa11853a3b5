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
                .body("accepted", equalTo(1)).body("rejected", hasSize(2))
                .body("rejected.reason", equalTo(List.of("OUT_OF_RANGE", "TIMESTAMP_IN_FUTURE")))
                .body("rejected.id", equalTo(List.of("h2", "h3")));
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
