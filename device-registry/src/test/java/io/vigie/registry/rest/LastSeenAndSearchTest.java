package io.vigie.registry.rest;

import static io.vigie.registry.rest.RegistryApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LastSeenAndSearchTest {

    static String seen(String deviceId, Instant at) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventType\":\"DeviceSeen\",\"schemaVersion\":1,\"occurredAt\":\"" + at
                + "\",\"source\":\"ingestion-service\",\"tenantId\":\"hopital-nord\",\"deviceId\":\"" + deviceId + "\",\"seenAt\":\"" + at
                + "\",\"via\":\"MQTT\",\"what\":\"READING\"}";
    }

    static String lastSeenWithin(String id, Duration timeout, String expected) {
        Instant deadline = Instant.now().plus(timeout);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            last = as("nurse-nord").get("/api/v1/devices/" + id).then().statusCode(200).extract().path("lastSeenAt");
            if (expected.equals(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return last;
    }

    @Test
    void shouldKeepTheLatestSightingAndIgnoreOlderOnes() {
        String id = RegistryApi.registerNordId(RegistryApi.createModelWithCertificate(LocalDate.now().plusYears(1)));
        Instant newer = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KafkaProbe.send(Topics.DEVICE_SEEN, id, seen(id, newer));
        assertEquals(newer.toString(), lastSeenWithin(id, Duration.ofSeconds(30), newer.toString()));
        String versionAfter = as("nurse-nord").get("/api/v1/devices/" + id).header("ETag");
        assertEquals("\"0\"", versionAfter, "a sighting is not an edit: the ETag does not move");

        KafkaProbe.send(Topics.DEVICE_SEEN, id, seen(id, newer.minusSeconds(3600)));
        Instant newest = newer.plusSeconds(5);
        KafkaProbe.send(Topics.DEVICE_SEEN, id, seen(id, newest)); // processed after the older one (same partition)
        assertEquals(newest.toString(), lastSeenWithin(id, Duration.ofSeconds(30), newest.toString()));
    }

    @Test
    void shouldSendUnreadableSightingsToTheDeadLetterTopic() {
        String key = UUID.randomUUID().toString();
        try (KafkaProbe dlq = KafkaProbe.fromNow(Topics.dlq(Topics.DEVICE_SEEN))) {
            KafkaProbe.send(Topics.DEVICE_SEEN, key, "{not json");
            assertEquals(key, dlq.awaitKey(key, Duration.ofSeconds(30)).key());
        }
    }

    @Test
    void shouldFindDevicesWhoseCertificateExpiresSoonAndReportThem() {
        String soon = RegistryApi.createModelWithCertificate(LocalDate.now().plusDays(10));
        String later = RegistryApi.createModelWithCertificate(LocalDate.now().plusDays(400));
        String soonDevice = RegistryApi.registerNordId(soon);
        as("device-admin-nord").post("/api/v1/devices/" + soonDevice + "/activate").then().statusCode(200);
        String laterDevice = RegistryApi.registerNordId(later);

        as("nurse-nord").queryParam("certificateExpiringWithinDays", 30).queryParam("size", 200).get("/api/v1/devices").then().statusCode(200)
                .body("items.id", hasItem(soonDevice)).body("items.id", not(hasItem(laterDevice)));
        as("nurse-nord").queryParam("modelId", later).get("/api/v1/devices").then().body("total", equalTo(1))
                .body("items[0].id", equalTo(laterDevice));
        as("nurse-nord").queryParam("kind", "GLUCOMETER").queryParam("modelId", later).get("/api/v1/devices").then().body("total", equalTo(0));
        as("nurse-nord").queryParam("status", "ACTIVE").queryParam("modelId", soon).get("/api/v1/devices").then().body("total", equalTo(1));

        JsonPath report = as("device-admin-nord").queryParam("withinDays", 30).get("/api/v1/certificates/expiry-report")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> lines = report.getList("certificates");
        Map<String, Object> line = lines.stream().filter(l -> soon.equals(l.get("modelId"))).findFirst().orElseThrow();
        assertEquals(Map.of("hopital-nord", 1), line.get("activeDevicesByHospital"));
        assertEquals(10, line.get("daysLeft"));
        assertTrue(lines.stream().noneMatch(l -> later.equals(l.get("modelId"))));
        List<Object> sudModels = as("device-admin-sud").queryParam("withinDays", 30).get("/api/v1/certificates/expiry-report")
                .then().statusCode(200).extract().path("certificates.modelId");
        assertTrue(!sudModels.contains(soon), "Hôpital Sud has no device of that model");
    }
}
